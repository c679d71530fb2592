using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Features.Issuers;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Core.Schools;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BadgeForge.Api.Features.Schools;

/// <summary>
/// Staff approve or reject submissions, one at a time or in bulk. An approval re-matches the badge against the rules
/// with the student's current hours (so caps hold however many are approved together), then issues the school's own
/// signed recognition badge with the source badge as evidence, in the same transaction.
/// </summary>
public sealed class SubmissionDecisions(
    BadgeForgeDbContext db, AwardIssuer issuer, IssuerKeyStore keys, ModelRegistry registry, TimeProvider clock, IMemoryCache cache)
{
    /// The built-in badge class of every recognition; the hours and course are in the award's narrative.
    public const string RecognitionBadge = "oiv-recognition@1.0.0/oiv.priznanje";

    internal abstract record Outcome
    {
        public sealed record Done(SchoolSubmission Submission) : Outcome;
        public sealed record Invalid(string Field, string Message) : Outcome;
        public sealed record Missing(string Message) : Outcome;
        public sealed record Conflict(string Message) : Outcome;
    }

    // The catalogue of each school year decided in this request (this service lives for one request): a bulk decision
    // loads courses and rules once, not once per submission.
    private readonly Dictionary<(Guid, string), CatalogueYear> _catalogues = [];

    public static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid orgId, Guid submissionId, DecisionRequest request, HttpContext http, SubmissionDecisions decisions, BadgeForgeDbContext db,
        BadgeUrls urls, CancellationToken ct)
    {
        var outcome = await decisions.DecideAsync(orgId, submissionId, request.Approve, request.Comment, request.CourseId, http.User.RequiredAccountId(), ct);
        return await ToResultAsync(outcome, db, urls, ct);
    }

    public static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Withdraw(
        Guid orgId, Guid submissionId, WithdrawDecisionRequest request, HttpContext http, SubmissionDecisions decisions, BadgeForgeDbContext db,
        BadgeUrls urls, CancellationToken ct)
    {
        var outcome = await decisions.WithdrawAsync(orgId, submissionId, request.Reason, http.User.RequiredAccountId(), ct);
        return await ToResultAsync(outcome, db, urls, ct);
    }

    private static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> ToResultAsync(
        Outcome outcome, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct) => outcome switch
    {
        Outcome.Done done => TypedResults.Ok((await SubmissionMapping.ToResponsesAsync([done.Submission], db, urls, ct))[0]),
        Outcome.Invalid invalid => Problems.Invalid(invalid.Field, invalid.Message),
        Outcome.Missing missing => Problems.NotFound(missing.Message),
        Outcome.Conflict conflict => Problems.Conflict(conflict.Message),
        _ => throw new InvalidOperationException(),
    };

    public static async Task<Results<Ok<BulkDecisionResponse>, ValidationProblem>> DecideMany(
        Guid orgId, BulkDecisionRequest request, HttpContext http, SubmissionDecisions decisions, BadgeForgeDbContext db, BadgeUrls urls,
        CancellationToken ct)
    {
        if (!request.Approve && string.IsNullOrWhiteSpace(request.Comment))
        {
            return Problems.Invalid("comment", "Say why the submissions are rejected: the students read the comment.");
        }
        var (decided, failed) = await decisions.DecideManyAsync(orgId, request.SubmissionIds, request.Approve, request.Comment, http.User.RequiredAccountId(), ct);
        return TypedResults.Ok(new BulkDecisionResponse(await SubmissionMapping.ToResponsesAsync(decided, db, urls, ct), failed));
    }

    /// <summary>
    /// Decides each submission the same way, in submission order (so that when a cap runs out the earlier submissions are
    /// the ones credited); each that cannot be decided is listed with the reason, the others are decided regardless.
    /// Used by the API and the staff page.
    /// </summary>
    internal async Task<(List<SchoolSubmission> Decided, List<BulkDecisionFailure> Failed)> DecideManyAsync(
        Guid orgId, IReadOnlyCollection<Guid> submissionIds, bool approve, string? comment, Guid accountId, CancellationToken ct)
    {
        var ids = submissionIds.Distinct().ToList();
        var ordered = await db.SchoolSubmissions.AsNoTracking().Where(s => s.OrganisationId == orgId && ids.Contains(s.Id))
            .OrderBy(s => s.CreatedAt).Select(s => s.Id).ToListAsync(ct);
        var decided = new List<SchoolSubmission>();
        var failed = ids.Except(ordered).Select(id => new BulkDecisionFailure(id, $"This school has no submission {id}.")).ToList();
        foreach (var id in ordered)
        {
            switch (await DecideAsync(orgId, id, approve, comment, null, accountId, ct))
            {
                case Outcome.Done done:
                    decided.Add(done.Submission);
                    break;
                case Outcome.Invalid invalid:
                    failed.Add(new(id, invalid.Message));
                    break;
                case Outcome.Missing missing:
                    failed.Add(new(id, missing.Message));
                    break;
                case Outcome.Conflict conflict:
                    failed.Add(new(id, conflict.Message));
                    break;
            }
        }
        return (decided, failed);
    }

    internal async Task<Outcome> DecideAsync(Guid orgId, Guid submissionId, bool approve, string? comment, Guid? courseId, Guid accountId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var submission = await db.SchoolSubmissions.SingleOrDefaultAsync(s => s.Id == submissionId && s.OrganisationId == orgId, ct);
        if (submission is null)
        {
            return new Outcome.Missing($"This school has no submission {submissionId}.");
        }
        if (submission.Status != SchoolSubmissionStatus.Pending)
        {
            return new Outcome.Conflict($"Submission {submissionId} was already {submission.Status.ToString().ToLowerInvariant()} on {submission.DecidedAt:yyyy-MM-dd}.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (!approve)
        {
            if (comment is null)
            {
                return new Outcome.Invalid("comment", "Say why the submission is rejected: the student reads the comment.");
            }
            // Decided only if still pending when written: a concurrent approval is never overwritten.
            var rejected = await db.SchoolSubmissions
                .Where(s => s.Id == submissionId && s.Status == SchoolSubmissionStatus.Pending)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Status, SchoolSubmissionStatus.Rejected)
                    .SetProperty(s => s.CountedKey, (string?)null)
                    .SetProperty(s => s.DecisionComment, comment)
                    .SetProperty(s => s.DecidedByAccountId, accountId)
                    .SetProperty(s => s.DecidedAt, now), ct);
            if (rejected == 0)
            {
                return AlreadyDecided(submissionId);
            }
            await db.Entry(submission).ReloadAsync(ct);
            return new Outcome.Done(submission);
        }

        var student = await db.SchoolStudents.AsNoTracking().Include(s => s.Class).SingleAsync(s => s.Id == submission.StudentId, ct);
        var badge = await SubmittedBadgeAsync(submission, ct);
        var catalogue = await CatalogueAsync(orgId, student.Class!.SchoolYear, ct);

        // The key store may write a new key on its own connection: do it before this transaction holds SQLite's lock.
        await keys.GetActiveAsync(orgId);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One student's approvals are serialised: the row lock of this no-op update is held until commit, so a concurrent
        // approval of another of the student's submissions waits, then sees this one's credit when it checks the cap.
        await SchoolLocks.StudentsAsync(db, s => s.Id == student.Id, ct);
        // Claim the submission before issuing: of two staff approving it at once (or a single and a bulk decision),
        // exactly one issues the recognition badge; the other finds it no longer pending.
        var claimed = await db.SchoolSubmissions
            .Where(s => s.Id == submissionId && s.Status == SchoolSubmissionStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SchoolSubmissionStatus.Approved), ct);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            return AlreadyDecided(submissionId);
        }
        // Matched inside the lock, with the student's hours as they are now: caps hold however many are approved at once.
        var proposal = await BadgeSubmissions.ProposeAsync(db, catalogue, student.Id, badge, ct);
        RuleMatch? chosen;
        if (courseId is { } wanted)
        {
            chosen = proposal.Matches.FirstOrDefault(m => m.Rule.CourseId == wanted);
            if (chosen is null)
            {
                await transaction.RollbackAsync(ct);
                return new Outcome.Invalid("courseId", $"No rule of course {wanted} recognises this badge.");
            }
        }
        else
        {
            chosen = proposal.Best;
        }
        if (chosen is null || chosen.CreditMinutes == 0)
        {
            await transaction.RollbackAsync(ct);
            return new Outcome.Conflict("Nothing can be credited: " + string.Join(" ", proposal.Explanations.Select(e => e.En)));
        }
        var course = catalogue.Courses.Single(c => c.Id == chosen.Rule.CourseId);
        // The course's row lock until commit: a concurrent deletion or change of year either waits and then sees this
        // approval (and refuses), or went first, and this approval finds the course gone.
        if (await SchoolLocks.CourseAsync(db, course.Id, ct) == 0)
        {
            await transaction.RollbackAsync(ct);
            return new Outcome.Conflict($"Course {course.Id} was deleted meanwhile: reload and decide again.");
        }
        var hours = SchoolHours.ToHours(chosen.CreditMinutes, course.HourMinutes);
        var explanations = proposal.Explanations.Select(e => Bilingual.Join(e)).ToList();
        var narrative = RecognitionNarrative(hours, course);
        var evidence = new EvidenceRequest(
            submission.BadgeUrl is { } url && HttpUrlAttribute.IsHttpUrl(url) ? url : null,
            $"Priznana značka / Recognised badge: {submission.BadgeName ?? "?"} ({submission.IssuerName ?? "?"})");
        var issued = await issuer.IssueAsync(orgId, accountId, new IssueAwardRequest(
            RecognitionBadge, student.Email, student.Name, ShowRecipientName: false, IssuedOn: null, Expires: null, [evidence],
            string.Join("\n\n", new[] { narrative.Sl, narrative.En }.Concat(explanations))), ct);
        if (issued is not IssueOutcome.Issued { Award: var award })
        {
            await transaction.RollbackAsync(ct);
            return new Outcome.Conflict(issued is IssueOutcome.Invalid problem
                ? $"The recognition badge cannot be issued: {problem.Message}"
                : "The recognition badge cannot be issued.");
        }
        submission.Status = SchoolSubmissionStatus.Approved;
        // The explanations are also kept whole in ProposalJson; the comment column holds what fits.
        submission.DecisionComment = BadgeSubmissions.Truncate(
            string.Join(" ", new[] { comment }.Concat(proposal.Explanations.Select(e => e.En)).OfType<string>()), 2000);
        submission.DecidedByAccountId = accountId;
        submission.DecidedAt = now;
        submission.CreditedCourseId = course.Id;
        submission.CreditedMinutes = chosen.CreditMinutes;
        submission.ProposalJson = SubmissionMapping.ProposalJson(proposal);
        submission.RecognitionAwardId = award.Id;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Outcome.Done(submission);
    }

    /// <summary>
    /// Withdraws a staff decision, making the submission pending again. An approval's recognition badge is revoked with
    /// the reason (so verifiers see it revoked) and its hours stop counting at once; a rejection is reopened, and the badge
    /// counts as submitted again (refused if it was submitted anew meanwhile). Automatic rejections (verification failed)
    /// are not reopened: the student submits the badge again.
    /// </summary>
    internal async Task<Outcome> WithdrawAsync(Guid orgId, Guid submissionId, string reason, Guid accountId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        reason = reason.Trim();
        if (reason.Length == 0)
        {
            return new Outcome.Invalid("reason", "Say why the decision is withdrawn: the student reads it, and a revoked recognition shows it.");
        }
        var submission = await db.SchoolSubmissions.SingleOrDefaultAsync(s => s.Id == submissionId && s.OrganisationId == orgId, ct);
        if (submission is null)
        {
            return new Outcome.Missing($"This school has no submission {submissionId}.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var comment = BadgeSubmissions.Truncate($"Odločitev preklicana / Decision withdrawn ({now:yyyy-MM-dd}): {reason}", 2000);
        switch (submission.Status)
        {
            case SchoolSubmissionStatus.Pending:
                return new Outcome.Conflict($"Submission {submissionId} is not decided yet: there is nothing to withdraw.");
            case SchoolSubmissionStatus.Rejected when submission.DecidedByAccountId is null:
                return new Outcome.Conflict(
                    $"Submission {submissionId} was rejected automatically because the badge did not verify ({submission.VerificationStatus}): the student submits it again instead.");
            case SchoolSubmissionStatus.Rejected:
            {
                if (await db.SchoolSubmissions.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationId == orgId && s.CountedKey == submission.BadgeKey, ct) is { } again)
                {
                    return CountedElsewhere(again);
                }
                try
                {
                    var reopened = await db.SchoolSubmissions
                        .Where(s => s.Id == submissionId && s.Status == SchoolSubmissionStatus.Rejected && s.DecidedByAccountId != null)
                        .ExecuteUpdateAsync(u => u
                            .SetProperty(s => s.Status, SchoolSubmissionStatus.Pending)
                            .SetProperty(s => s.CountedKey, s => s.BadgeKey)
                            .SetProperty(s => s.DecisionComment, comment)
                            .SetProperty(s => s.DecidedByAccountId, (Guid?)null)
                            .SetProperty(s => s.DecidedAt, (DateTime?)null), ct);
                    if (reopened == 0)
                    {
                        return AlreadyDecided(submissionId);
                    }
                }
                catch (System.Data.Common.DbException)
                {
                    // The unique counted key: the badge was submitted anew between the check and the update.
                    db.ChangeTracker.Clear();
                    return await db.SchoolSubmissions.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationId == orgId && s.CountedKey == submission.BadgeKey, ct)
                        is { } concurrent ? CountedElsewhere(concurrent) : AlreadyDecided(submissionId);
                }
                break;
            }
            case SchoolSubmissionStatus.Approved:
            {
                var awardId = submission.RecognitionAwardId;
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var withdrawn = await db.SchoolSubmissions
                    .Where(s => s.Id == submissionId && s.Status == SchoolSubmissionStatus.Approved && s.RecognitionAwardId == awardId)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(s => s.Status, SchoolSubmissionStatus.Pending)
                        .SetProperty(s => s.CreditedCourseId, (Guid?)null)
                        .SetProperty(s => s.CreditedMinutes, 0)
                        .SetProperty(s => s.RecognitionAwardId, (string?)null)
                        .SetProperty(s => s.DecisionComment, comment)
                        .SetProperty(s => s.DecidedByAccountId, (Guid?)null)
                        .SetProperty(s => s.DecidedAt, (DateTime?)null), ct);
                if (withdrawn == 0)
                {
                    await transaction.RollbackAsync(ct);
                    return AlreadyDecided(submissionId);
                }
                // The recognition and any correction or renewal of it that replaced it since.
                var recognitions = new List<string>();
                for (var next = awardId; next is not null && recognitions.Count < 100 && !recognitions.Contains(next);)
                {
                    recognitions.Add(next);
                    next = await db.Awards.Where(a => a.Id == next).Select(a => a.SupersededByAwardId).SingleOrDefaultAsync(ct);
                }
                // As the award revocation endpoint does: conditional, so an earlier revocation (and its reason) stands.
                await db.Awards.Where(a => recognitions.Contains(a.Id) && a.OrganisationId == orgId && a.RevokedAt == null).ExecuteUpdateAsync(u => u
                    .SetProperty(a => a.RevokedAt, now)
                    .SetProperty(a => a.RevocationReason, BadgeSubmissions.Truncate(reason, 1000))
                    .SetProperty(a => a.RevokedByAccountId, accountId), ct);
                await transaction.CommitAsync(ct);
                recognitions.ForEach(id => HostedAssertionEndpoints.Forget(cache, id));
                break;
            }
        }
        // Pending again: show what the rules propose now that the student's hours changed.
        await db.Entry(submission).ReloadAsync(ct);
        var student = await db.SchoolStudents.AsNoTracking().Include(s => s.Class).SingleAsync(s => s.Id == submission.StudentId, ct);
        var proposal = await BadgeSubmissions.ProposeAsync(db, await CatalogueAsync(orgId, student.Class!.SchoolYear, ct), student.Id,
            await SubmittedBadgeAsync(submission, ct), ct);
        submission.ProposalJson = SubmissionMapping.ProposalJson(proposal);
        submission.ProposedCourseId = proposal.Best?.Rule.CourseId;
        submission.ProposedMinutes = proposal.Best?.CreditMinutes ?? 0;
        await db.SaveChangesAsync(ct);
        return new Outcome.Done(submission);
    }

    private static Outcome.Conflict CountedElsewhere(SchoolSubmission other) =>
        new($"The badge was submitted again meanwhile (submission {other.Id}, {other.Status.ToString().ToLowerInvariant()}); a badge counts only once: decide that one.");

    private async Task<CatalogueYear> CatalogueAsync(Guid orgId, string schoolYear, CancellationToken ct)
    {
        if (!_catalogues.TryGetValue((orgId, schoolYear), out var catalogue))
        {
            catalogue = await CatalogueYear.LoadAsync(db, orgId, schoolYear, ct);
            _catalogues[(orgId, schoolYear)] = catalogue;
        }
        return catalogue;
    }

    private static Outcome.Conflict AlreadyDecided(Guid submissionId) =>
        new($"Submission {submissionId} was decided meanwhile by someone else; reload it to see the decision.");

    /// "Priznano: 10 ur OIV – prostovoljno socialno delo (2026/27, šolske ure po 45 minut)".
    public static LocalizedText RecognitionNarrative(decimal hours, SchoolCourse course)
    {
        var part = course.Category == OivCategory.InteresneDejavnosti ? ("ID", "extracurricular activities (ID)") : ("OIV", "OIV");
        var unit = course.HourMinutes == 45 ? ("šolske ure po 45 minut", "45-minute school hours") : ("ure po 60 minut", "60-minute hours");
        return new(
            $"Priznano: {SchoolHours.Format(hours, "sl")} {HoursWord(hours)} {part.Item1} – {course.Title.Sl.ToLowerInvariant()} ({course.SchoolYear}, {unit.Item1})",
            $"Recognised: {SchoolHours.Format(hours, "en")} hours of {part.Item2} – {course.Title.En} ({course.SchoolYear}, {unit.Item2})");
    }

    /// Slovenian counts the noun by the number: 1 ura, 2 uri, 3 ure, 5 ur (and "ure" for fractions).
    public static string HoursWord(decimal hours)
    {
        if (hours != decimal.Truncate(hours))
        {
            return "ure";
        }
        return ((long)hours % 100) switch
        {
            1 => "ura",
            2 => "uri",
            3 or 4 => "ure",
            _ => "ur",
        };
    }

    /// The facts the rules need, from what was stored at submission (and, for BadgeForge badges, the model).
    private async Task<SubmittedBadge> SubmittedBadgeAsync(SchoolSubmission submission, CancellationToken ct)
    {
        if (submission.BadgeKey.StartsWith("award:", StringComparison.Ordinal))
        {
            var awardId = submission.BadgeKey["award:".Length..];
            var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, ct);
            return await BadgeSubmissions.OwnBadgeAsync(db, registry, award, submission.BadgeClassUrl, ct);
        }
        return new SubmittedBadge(submission.BadgeClassUrl, null, null, null, new Dictionary<string, int>());
    }
}
