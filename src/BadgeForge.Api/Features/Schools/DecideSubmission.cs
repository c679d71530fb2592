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

namespace BadgeForge.Api.Features.Schools;

/// <summary>
/// Staff approve or reject submissions, one at a time or in bulk. An approval re-matches the badge against the rules
/// with the student's current hours (so caps hold however many are approved together), then issues the school's own
/// signed recognition badge with the source badge as evidence, in the same transaction.
/// </summary>
public sealed class SubmissionDecisions(BadgeForgeDbContext db, AwardIssuer issuer, IssuerKeyStore keys, ModelRegistry registry, TimeProvider clock)
{
    /// The built-in badge class of every recognition; the hours and course are in the award's narrative.
    public const string RecognitionBadge = "oiv-recognition@1.0.0/oiv.priznanje";

    private abstract record Outcome
    {
        public sealed record Done(SchoolSubmission Submission) : Outcome;
        public sealed record Invalid(string Field, string Message) : Outcome;
        public sealed record Missing(string Message) : Outcome;
        public sealed record Conflict(string Message) : Outcome;
    }

    public static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid orgId, Guid submissionId, DecisionRequest request, HttpContext http, SubmissionDecisions decisions, BadgeForgeDbContext db,
        BadgeUrls urls, CancellationToken ct)
    {
        var outcome = await decisions.DecideAsync(orgId, submissionId, request.Approve, request.Comment, request.CourseId, http.User.RequiredAccountId(), ct);
        return outcome switch
        {
            Outcome.Done done => TypedResults.Ok((await SubmissionMapping.ToResponsesAsync([done.Submission], db, urls, ct))[0]),
            Outcome.Invalid invalid => Problems.Invalid(invalid.Field, invalid.Message),
            Outcome.Missing missing => Problems.NotFound(missing.Message),
            Outcome.Conflict conflict => Problems.Conflict(conflict.Message),
            _ => throw new InvalidOperationException(),
        };
    }

    public static async Task<Results<Ok<BulkDecisionResponse>, ValidationProblem>> DecideMany(
        Guid orgId, BulkDecisionRequest request, HttpContext http, SubmissionDecisions decisions, BadgeForgeDbContext db, BadgeUrls urls,
        CancellationToken ct)
    {
        if (!request.Approve && string.IsNullOrWhiteSpace(request.Comment))
        {
            return Problems.Invalid("comment", "Say why the submissions are rejected: the students read the comment.");
        }
        var ids = request.SubmissionIds.Distinct().ToList();
        // In submission order, so that when a cap runs out the earlier submissions are the ones credited.
        var ordered = await db.SchoolSubmissions.AsNoTracking().Where(s => s.OrganisationId == orgId && ids.Contains(s.Id))
            .OrderBy(s => s.CreatedAt).Select(s => s.Id).ToListAsync(ct);
        var decided = new List<SchoolSubmission>();
        var failed = ids.Except(ordered).Select(id => new BulkDecisionFailure(id, $"This school has no submission {id}.")).ToList();
        var accountId = http.User.RequiredAccountId();
        foreach (var id in ordered)
        {
            switch (await decisions.DecideAsync(orgId, id, request.Approve, request.Comment, null, accountId, ct))
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
        return TypedResults.Ok(new BulkDecisionResponse(await SubmissionMapping.ToResponsesAsync(decided, db, urls, ct), failed));
    }

    private async Task<Outcome> DecideAsync(Guid orgId, Guid submissionId, bool approve, string? comment, Guid? courseId, Guid accountId, CancellationToken ct)
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
        var proposal = await BadgeSubmissions.ProposeAsync(db, orgId, student, badge, ct);
        RuleMatch? chosen;
        if (courseId is { } wanted)
        {
            chosen = proposal.Matches.FirstOrDefault(m => m.Rule.CourseId == wanted);
            if (chosen is null)
            {
                return new Outcome.Invalid("courseId", $"No rule of course {wanted} recognises this badge.");
            }
        }
        else
        {
            chosen = proposal.Best;
        }
        if (chosen is null || chosen.CreditMinutes == 0)
        {
            return new Outcome.Conflict("Nothing can be credited: " + string.Join(" ", proposal.Explanations.Select(e => e.En)));
        }
        var course = await db.SchoolCourses.AsNoTracking().SingleAsync(c => c.Id == chosen.Rule.CourseId, ct);
        var hours = SchoolHours.ToHours(chosen.CreditMinutes, course.HourMinutes);
        var explanations = proposal.Explanations.Select(e => Bilingual.Join(e)).ToList();
        var narrative = RecognitionNarrative(hours, course);

        // The key store may write a new key on its own connection: do it before this transaction holds SQLite's lock.
        await keys.GetActiveAsync(orgId);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
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
