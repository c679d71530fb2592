using System.Text.Json;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Features.Verification;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Schools;
using BadgeForge.Core.Verification;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Schools;

/// <summary>
/// A student submits a badge to their school. It is verified at once (signature, revocation, expiry, recipient =
/// the signed-in account's verified email) and matched against the year's rules; a badge that fails verification is
/// stored as rejected with the reason, and one the school already counts is refused, pointing to the first submission.
/// </summary>
public sealed class BadgeSubmissions(
    BadgeForgeDbContext db, ModelRegistry registry, OpenBadgeVerifier verifier, SafeDocumentFetcher fetcher, BadgeUrls urls,
    PublicUrls publicUrls, TimeProvider clock)
{
    /// What is known about the submitted badge before matching.
    private sealed record Facts(
        SchoolSubmissionSource Source, string Key, string? BadgeUrl, string? BadgeClassUrl, string? BadgeName, string? IssuerName,
        DateTime? IssuedOn, string Status, string? Problem, SubmittedBadge Badge);

    public static async Task<Results<Created<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        Guid orgId, SubmitBadgeRequest request, HttpContext http, BadgeSubmissions submissions, CancellationToken ct)
    {
        var given = new[] { request.AwardId, request.Url, request.Json, request.Jws }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            return Problems.Invalid("awardId", given == 0
                ? "Give the badge as one of awardId (from your backpack), url, json or jws."
                : "Give only one of awardId, url, json or jws.");
        }
        VerificationInput? input = null;
        if (!string.IsNullOrWhiteSpace(request.Url))
        {
            if (!Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out var url))
            {
                return Problems.Invalid("url", "The url is not an absolute URL.");
            }
            input = new VerificationInput.Url(url);
        }
        else if (!string.IsNullOrWhiteSpace(request.Json))
        {
            input = new VerificationInput.Json(request.Json);
        }
        else if (!string.IsNullOrWhiteSpace(request.Jws))
        {
            input = new VerificationInput.Jws(request.Jws.Trim());
        }
        return await submissions.SubmitAsync(orgId, http.User.RequiredAccountId(), request.AwardId?.Trim(), input, request.SchoolYear, ct);
    }

    public static async Task<Results<Created<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> SubmitImage(
        Guid orgId, HttpRequest request, BadgeSubmissions submissions, CancellationToken ct)
    {
        var (upload, problem) = await BadgeImageUpload.ReadAsync(request, ct);
        if (upload is null)
        {
            return problem!;
        }
        var year = upload.Form["schoolYear"].ToString();
        return await submissions.SubmitAsync(orgId, request.HttpContext.User.RequiredAccountId(), null,
            new VerificationInput.Image(upload.Image), string.IsNullOrWhiteSpace(year) ? null : year, ct);
    }

    public static async Task<Results<Ok<List<SubmissionResponse>>, ProblemHttpResult>> ListOwn(
        Guid orgId, HttpContext http, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        var accountId = http.User.RequiredAccountId();
        var email = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Email).SingleOrDefaultAsync(ct);
        if (email is null)
        {
            return Problems.Unauthorized("The account of this token no longer exists.");
        }
        var students = await db.SchoolStudents.AsNoTracking().Include(s => s.Class)
            .Where(s => s.Email == email && s.Class!.OrganisationId == orgId).ToListAsync(ct);
        if (students.Count == 0)
        {
            return NotAStudent();
        }
        var ids = students.Select(s => s.Id).ToList();
        var rows = await db.SchoolSubmissions.AsNoTracking().Where(s => s.OrganisationId == orgId && ids.Contains(s.StudentId))
            .OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(await SubmissionMapping.ToResponsesAsync(rows, db, urls, ct));
    }

    private async Task<Results<Created<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        Guid orgId, Guid accountId, string? awardId, VerificationInput? input, string? schoolYear, CancellationToken ct)
    {
        var email = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Email).SingleOrDefaultAsync(ct);
        if (email is null)
        {
            return Problems.Unauthorized("The account of this token no longer exists.");
        }
        var enrolments = await db.SchoolStudents.AsNoTracking().Include(s => s.Class)
            .Where(s => s.Email == email && s.Class!.OrganisationId == orgId).ToListAsync(ct);
        if (enrolments.Count == 0)
        {
            return NotAStudent();
        }
        SchoolStudent student;
        if (schoolYear is not null)
        {
            if (enrolments.FirstOrDefault(s => s.Class!.SchoolYear == schoolYear) is not { } inYear)
            {
                return Problems.Invalid("schoolYear", $"You are not enrolled at this school in {schoolYear}.");
            }
            student = inYear;
        }
        else
        {
            // The current year: school years sort as text ("2026/27" > "2025/26").
            student = enrolments.OrderByDescending(s => s.Class!.SchoolYear, StringComparer.Ordinal).First();
        }

        Facts facts;
        if (awardId is not null)
        {
            if (await FromBackpackAsync(awardId, email, ct) is not { } own)
            {
                return Problems.NotFound($"You have no badge '{awardId}'.");
            }
            facts = own;
        }
        else
        {
            facts = await VerifyAsync(input!, email, ct);
        }

        if (await FindCountedAsync(orgId, facts.Key, ct) is { } first)
        {
            return Duplicate(first);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var submission = new SchoolSubmission
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            StudentId = student.Id,
            Source = facts.Source,
            BadgeKey = facts.Key,
            // Both come from the submitted document: a link longer than its column is kept out, not allowed to fail the insert.
            BadgeUrl = facts.BadgeUrl is { Length: <= MaxUrlLength } badgeUrl ? badgeUrl : null,
            BadgeClassUrl = facts.BadgeClassUrl is { Length: <= MaxUrlLength } classUrl ? classUrl : null,
            BadgeName = Truncate(facts.BadgeName, 400),
            IssuerName = Truncate(facts.IssuerName, 400),
            BadgeIssuedOn = facts.IssuedOn,
            VerificationStatus = facts.Status,
            VerificationMessage = Truncate(facts.Problem, 2000),
            ProposalJson = "{}",
            SubmittedByAccountId = accountId,
            CreatedAt = now,
        };
        if (facts.Problem is not null)
        {
            // Automatic rejection: stored so that student and staff see the reason; it does not block a new submission.
            submission.Status = SchoolSubmissionStatus.Rejected;
            submission.DecisionComment = submission.VerificationMessage;
            submission.DecidedAt = now;
        }
        else
        {
            var proposal = await ProposeAsync(db, orgId, student, facts.Badge, ct);
            submission.Status = SchoolSubmissionStatus.Pending;
            submission.CountedKey = facts.Key;
            submission.ProposalJson = SubmissionMapping.ProposalJson(proposal);
            submission.ProposedCourseId = proposal.Best?.Rule.CourseId;
            submission.ProposedMinutes = proposal.Best?.CreditMinutes ?? 0;
        }
        db.SchoolSubmissions.Add(submission);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Submitted twice at the same moment: the unique index let one through.
            db.ChangeTracker.Clear();
            if (await FindCountedAsync(orgId, facts.Key, ct) is { } concurrent)
            {
                return Duplicate(concurrent);
            }
            throw;
        }
        var response = (await SubmissionMapping.ToResponsesAsync([submission], db, urls, ct))[0];
        return TypedResults.Created($"/api/schools/{orgId}/submissions/{submission.Id}", response);
    }

    /// <summary>
    /// A badge from the student's own backpack. BadgeForge issued it, so its own records are authoritative: revoked,
    /// expired and recipient are read from them, without fetching anything.
    /// </summary>
    private async Task<Facts?> FromBackpackAsync(string awardId, string email, CancellationToken ct)
    {
        if (awardId.Length > 64)
        {
            return null;
        }
        var award = await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == awardId && a.RecipientEmail == email, ct);
        return award is null ? null : await FromAwardAsync(award, SchoolSubmissionSource.Backpack, ct);
    }

    private async Task<Facts> FromAwardAsync(Award award, SchoolSubmissionSource source, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == award.OrganisationId, ct);
        var model = registry.Catalog.Find(new ModelReference(award.ModelId, SemanticVersion.Parse(award.ModelVersion)));
        var badge = model?.FindBadge(award.BadgeId);
        var badgeClass = urls.BadgeClass(organisation.Slug, award.ModelId, award.ModelVersion, award.BadgeId).ToString();
        var now = clock.GetUtcNow().UtcDateTime;
        var (status, problem) = award.RevokedAt is not null
            ? (VerificationStatus.Revoked, $"The badge was revoked by its issuer: {award.RevocationReason}")
            : award.ExpiresAt <= now
                ? (VerificationStatus.Expired, $"The badge expired on {award.ExpiresAt:yyyy-MM-dd}.")
                : (VerificationStatus.Valid, (string?)null);
        return new Facts(source, "award:" + award.Id, urls.Assertion(award.Id).ToString(), badgeClass,
            badge is null ? award.BadgeId : Bilingual.Join(badge.Title), Bilingual.Join(organisation.Name), award.IssuedOn, status, problem,
            await OwnBadgeAsync(db, registry, award, badgeClass, ct));
    }

    /// <summary>
    /// What the rules need of a BadgeForge badge: its model and badge, the competences its criteria guarantee and, for
    /// an attendance badge, the minutes the earner attended the training before the award (the issuer's records here).
    /// </summary>
    internal static async Task<SubmittedBadge> OwnBadgeAsync(
        BadgeForgeDbContext db, ModelRegistry registry, Award award, string? badgeClassUrl, CancellationToken ct)
    {
        var model = registry.Catalog.Find(new ModelReference(award.ModelId, SemanticVersion.Parse(award.ModelVersion)));
        var badge = model?.FindBadge(award.BadgeId);
        if (model is null || badge is null)
        {
            return new SubmittedBadge(badgeClassUrl, award.ModelId, award.ModelVersion, award.BadgeId, new Dictionary<string, int>());
        }
        var criteria = SubmittedBadge.AttendanceCriteria(badge);
        int? attended = null;
        if (criteria.Count > 0)
        {
            var trainings = criteria.Select(c => c.TrainingId).Distinct().ToList();
            var learnerIds = db.LearnerEmails.Where(e => e.Email == award.RecipientEmail).Select(e => e.LearnerId);
            var rows = await (
                from a in db.TrainingAttendance
                join s in db.TrainingSessions on a.SessionId equals s.Id
                join r in db.TrainingRuns on s.RunId equals r.Id
                where r.OrganisationId == award.OrganisationId && r.ModelId == award.ModelId && trainings.Contains(r.TrainingId)
                      && !s.Cancelled && s.StartsAt <= award.IssuedOn && learnerIds.Contains(a.LearnerId)
                select new { r.TrainingId, s.ModuleId, a.PresentMinutes }).ToListAsync(ct);
            attended = rows.Where(x => criteria.Any(c => c.TrainingId == x.TrainingId && (c.ModuleId == null || c.ModuleId == x.ModuleId)))
                .Sum(x => x.PresentMinutes);
        }
        return new SubmittedBadge(badgeClassUrl, award.ModelId, award.ModelVersion, award.BadgeId,
            SubmittedBadge.GuaranteedCompetences(model, badge), attended).WithEquivalents(registry.Catalog);
    }

    /// A badge given by URL, JSON, JWS or baked image: the verifier checks it like any other issuer's badge.
    private async Task<Facts> VerifyAsync(VerificationInput input, string email, CancellationToken ct)
    {
        var source = input switch
        {
            VerificationInput.Image => SchoolSubmissionSource.Image,
            VerificationInput.Jws => SchoolSubmissionSource.Jws,
            _ => SchoolSubmissionSource.Url,
        };
        var report = await verifier.VerifyAsync(input, fetcher, clock.GetUtcNow(), email, ct);
        string? problem = report.Status switch
        {
            _ when report.RecipientMatched == false || (report.Status == VerificationStatus.Valid && report.RecipientMatched != true) =>
                $"The badge was issued to someone else, not to {email} (the email you signed in with).",
            VerificationStatus.Valid => null,
            VerificationStatus.Revoked => $"The badge was revoked by its issuer{(report.RevocationReason is { } r ? ": " + r : ".")}",
            VerificationStatus.Expired => $"The badge expired on {report.Expires:yyyy-MM-dd}.",
            _ => "The badge could not be verified: " + string.Join(" ", report.Checks.Where(c => !c.Passed && c.Severity != VerificationSeverity.Warning)
                .Select(c => c.Message).DefaultIfEmpty(report.Status)),
        };
        // One of ours, by its hosted URL or by the urn:uuid of its signed twin: one key whichever form was submitted.
        if (await OwnAwardAsync(report.AssertionId, ct) is { } award && problem is null)
        {
            var own = await FromAwardAsync(award, source, ct);
            return own with { Status = report.Status };
        }
        var key = report.AssertionId is { Length: > 0 and <= 2000 } id ? id : "unverified:" + Guid.NewGuid().ToString("N");
        var badgeUrl = report.AssertionId is { } a && HttpUrlAttribute.IsHttpUrl(a) ? a : null;
        return new Facts(source, key, badgeUrl, report.BadgeId, report.BadgeName, report.IssuerName, report.IssuedOn?.UtcDateTime,
            report.Status, problem, new SubmittedBadge(report.BadgeId, null, null, null, new Dictionary<string, int>()));
    }

    private async Task<Award?> OwnAwardAsync(string? assertionId, CancellationToken ct)
    {
        if (assertionId is null)
        {
            return null;
        }
        var hostedPrefix = publicUrls.For("/assertions/");
        if (assertionId.StartsWith(hostedPrefix, StringComparison.Ordinal) && assertionId[hostedPrefix.Length..] is { Length: > 0 and <= 64 } id)
        {
            return await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        }
        if (assertionId.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(assertionId["urn:uuid:".Length..], out var uuid))
        {
            return await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.SignedUuid == uuid, ct);
        }
        return null;
    }

    /// <summary>Matches a badge against the student's year: the courses, their rules, and what the student already has.</summary>
    internal static async Task<RecognitionProposal> ProposeAsync(
        BadgeForgeDbContext db, Guid orgId, SchoolStudent student, SubmittedBadge badge, CancellationToken ct)
    {
        var year = student.Class?.SchoolYear ?? await db.SchoolClasses.Where(c => c.Id == student.ClassId).Select(c => c.SchoolYear).SingleAsync(ct);
        return await ProposeAsync(db, await CatalogueYear.LoadAsync(db, orgId, year, ct), student.Id, badge, ct);
    }

    /// <summary>Matches a badge against a year's catalogue, loaded once, with what the student has been credited so far.</summary>
    internal static async Task<RecognitionProposal> ProposeAsync(
        BadgeForgeDbContext db, CatalogueYear catalogue, Guid studentId, SubmittedBadge badge, CancellationToken ct)
    {
        var credited = await db.SchoolSubmissions.AsNoTracking()
            .Where(s => s.StudentId == studentId && s.Status == SchoolSubmissionStatus.Approved && s.CreditedCourseId != null)
            .GroupBy(s => s.CreditedCourseId!.Value).Select(g => new { CourseId = g.Key, Minutes = g.Sum(s => s.CreditedMinutes) })
            .ToDictionaryAsync(x => x.CourseId, x => x.Minutes, ct);
        var standings = catalogue.Courses.Select(c => new CourseStanding(c.Id, c.Title, c.RequiredHours, c.HourMinutes, c.MaxOutsidePercent,
            credited.GetValueOrDefault(c.Id))).ToList();
        return RecognitionMatcher.Propose(badge, catalogue.Rules, standings);
    }

    private Task<SchoolSubmission?> FindCountedAsync(Guid orgId, string key, CancellationToken ct) =>
        db.SchoolSubmissions.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationId == orgId && s.CountedKey == key, ct);

    private static ProblemHttpResult Duplicate(SchoolSubmission first) => TypedResults.Problem(
        $"This badge was already submitted on {first.CreatedAt:yyyy-MM-dd} (submission {first.Id}, {first.Status.ToString().ToLowerInvariant()}); a badge counts only once.",
        statusCode: StatusCodes.Status409Conflict, title: "Conflict",
        extensions: new Dictionary<string, object?> { ["firstSubmissionId"] = first.Id, ["firstSubmissionStatus"] = first.Status.ToString() });

    private static ProblemHttpResult NotAStudent() =>
        Problems.NotFound("You are not enrolled at this school: your class teacher must add the email you signed in with.");

    /// The length of the stored badge and badge class links (SchoolSubmission configuration).
    private const int MaxUrlLength = 2048;

    internal static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// A school year's courses with their recognition rules, in catalogue order.
internal sealed record CatalogueYear(IReadOnlyList<SchoolCourse> Courses, IReadOnlyList<RecognitionRule> Rules)
{
    public static async Task<CatalogueYear> LoadAsync(BadgeForgeDbContext db, Guid orgId, string schoolYear, CancellationToken ct)
    {
        var courses = await db.SchoolCourses.AsNoTracking().Include(c => c.Rules)
            .Where(c => c.OrganisationId == orgId && c.SchoolYear == schoolYear).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        return new CatalogueYear(courses, [.. courses.SelectMany(c => c.Rules.OrderBy(r => r.Position)).Select(r => r.ToCore())]);
    }
}

internal static class SubmissionMapping
{
    private sealed record StoredProposal(IReadOnlyList<StoredMatch> Matches, IReadOnlyList<LocalizedText> Explanations);

    private sealed record StoredMatch(Guid RuleId, Guid CourseId, int RuleMinutes, int CreditMinutes);

    public static string ProposalJson(RecognitionProposal p) => JsonSerializer.Serialize(new StoredProposal(
        [.. p.Matches.Select(m => new StoredMatch(m.Rule.Id, m.Rule.CourseId, m.RuleMinutes, m.CreditMinutes))], p.Explanations), SchoolCatalogue.Json);

    public static IReadOnlyList<LocalizedText> Explanations(string proposalJson) =>
        JsonSerializer.Deserialize<StoredProposal>(proposalJson, SchoolCatalogue.Json)?.Explanations ?? [];

    public static async Task<List<SubmissionResponse>> ToResponsesAsync(
        IReadOnlyList<SchoolSubmission> rows, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        var studentIds = rows.Select(r => r.StudentId).Distinct().ToList();
        var students = await db.SchoolStudents.AsNoTracking().Include(s => s.Class).Where(s => studentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var courseIds = rows.SelectMany(r => new[] { r.ProposedCourseId, r.CreditedCourseId }).OfType<Guid>().Distinct().ToList();
        var hourLengths = await db.SchoolCourses.AsNoTracking().Where(c => courseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.HourMinutes, ct);
        decimal Hours(Guid? course, int minutes) => course is { } id && hourLengths.TryGetValue(id, out var length) ? SchoolHours.ToHours(minutes, length) : 0;
        return [.. rows.Select(r => new SubmissionResponse(
            r.Id, r.StudentId, students[r.StudentId].Name, students[r.StudentId].Class!.SchoolYear, r.Source, r.BadgeName, r.IssuerName, r.BadgeUrl,
            r.BadgeIssuedOn, r.VerificationStatus, r.VerificationMessage, r.ProposedCourseId, Hours(r.ProposedCourseId, r.ProposedMinutes),
            r.ProposalJson == "{}" ? [] : Explanations(r.ProposalJson), r.Status, r.DecisionComment, r.DecidedAt, r.CreditedCourseId,
            Hours(r.CreditedCourseId, r.CreditedMinutes), r.RecognitionAwardId is null ? null : urls.Assertion(r.RecognitionAwardId).ToString(),
            r.CreatedAt))];
    }
}
