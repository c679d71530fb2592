using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Trainings;

/// <summary>One attendance record to write, from JSON or from a CSV row.</summary>
/// <param name="Position">Where it came from: the array index (JSON) or the line number (CSV).</param>
internal sealed record AttendanceInput(
    int Position, Guid SessionId, string Email, AttendanceKind Status, int? Minutes, string? Reason, string? ProofReference);

/// <param name="Position">As in <see cref="AttendanceInput.Position"/>.</param>
/// <param name="Field">The input field at fault: sessionId, email, status, minutes or reason.</param>
internal sealed record AttendanceInputProblem(int Position, string Field, string Message);

internal abstract record AttendanceOutcome
{
    public sealed record Saved(AttendanceResult Result) : AttendanceOutcome;

    public sealed record Invalid(IReadOnlyList<AttendanceInputProblem> Problems) : AttendanceOutcome;

    /// A concurrent request wrote a record for the same session and learner first.
    public sealed record Conflict : AttendanceOutcome;
}

/// <summary>
/// Checks a batch of attendance records against the run and writes all of them or none, so that a register is never
/// half imported. A record for a session and learner that already has one replaces it (the register was corrected).
/// </summary>
internal static class RecordAttendance
{
    public static async Task<Results<Ok<AttendanceResult>, ValidationProblem, ProblemHttpResult>> RecordJsonAsync(
        Guid orgId, Guid runId, RecordAttendanceRequest request, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry,
        AwardIssuer issuer, BadgeUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        // Request validation does not descend into array items: each record is checked here.
        var shape = new Dictionary<string, string[]>();
        for (var i = 0; i < request.Records.Length; i++)
        {
            var r = request.Records[i];
            if (r is null)
            {
                shape[$"records[{i}]"] = ["Each record needs sessionId, email and status."];
                continue;
            }
            if (r.SessionId is null) shape[$"records[{i}].sessionId"] = ["The session is required."];
            if (string.IsNullOrWhiteSpace(r.Email) || r.Email.Length > 320) shape[$"records[{i}].email"] = ["The learner's email is required."];
            if (r.Status is null) shape[$"records[{i}].status"] = ["The status is required: Present, Absent or Justified."];
            if (r.Minutes is < 0 or > 1440) shape[$"records[{i}].minutes"] = ["Minutes are between 0 and 1440."];
            if (r.Reason?.Length > 500) shape[$"records[{i}].reason"] = ["At most 500 characters."];
            if (r.ProofReference?.Length > 200) shape[$"records[{i}].proofReference"] = ["At most 200 characters."];
        }
        if (shape.Count > 0)
        {
            return TypedResults.ValidationProblem(shape);
        }
        var inputs = request.Records.Select((r, i) =>
            new AttendanceInput(i, r.SessionId!.Value, r.Email, r.Status!.Value, r.Minutes, r.Reason, r.ProofReference)).ToList();
        switch (await ApplyAsync(db, run, inputs, [], i => $"records[{i}]", http.User.RequiredAccountId(), clock.GetUtcNow().UtcDateTime, ct))
        {
            case AttendanceOutcome.Saved saved:
                return TypedResults.Ok(await WithAutoAwardAsync(saved.Result, http, db, registry, issuer, urls, run, inputs, clock, ct));
            case AttendanceOutcome.Invalid invalid:
                return TypedResults.ValidationProblem(invalid.Problems
                    .GroupBy(p => $"records[{p.Position}].{p.Field}")
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
            default:
                return Problems.Conflict("Another request recorded attendance for the same sessions at the same moment; send the records again.");
        }
    }

    /// <summary>
    /// The saved attendance's answer with what automatic awarding did. Attendance is a fact about the session and stays
    /// recorded when awarding fails afterwards (e.g. the signing key cannot be read): the answer is still 200, says so in
    /// <see cref="AttendanceResult.AutoAwardFailed"/>, and names the idempotent award request that retries it.
    /// </summary>
    public static async Task<AttendanceResult> WithAutoAwardAsync(
        AttendanceResult saved, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, AwardIssuer issuer, BadgeUrls urls,
        TrainingRun run, IReadOnlyList<AttendanceInput> inputs, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            return saved with { AutoAwarded = await AutoAwardAsync(db, registry, issuer, urls, run, inputs, http.User.RequiredAccountId(), clock.GetUtcNow(), ct) };
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RecordAttendance))
                .LogError(failure, "Automatic awarding of run {RunId} failed after its attendance was saved", run.Id);
            var retry = $"/api/organisations/{run.OrganisationId}/trainings/{run.Id}/preview/award";
            return saved with
            {
                AutoAwardFailed = new AutoAwardFailure(
                    new LocalizedText(
                        $"Prisotnost je shranjena, samodejno podeljevanje značk pa ni uspelo (napaka {http.TraceIdentifier}). " +
                        $"Značke, podeljene pred napako, ostanejo; ostale podelite s POST {retry}.",
                        $"Attendance was recorded; automatic awarding failed (error {http.TraceIdentifier}). " +
                        $"Badges awarded before the failure stay awarded; award the rest with POST {retry}."),
                    retry),
            };
        }
    }

    /// <summary>
    /// After attendance was saved: if the run awards automatically and the records include its last session (the latest
    /// not cancelled), awards what now qualifies. Idempotent like the trainer's award: held badges are reported, not re-issued.
    /// </summary>
    public static async Task<AwardQualifiedResult?> AutoAwardAsync(
        BadgeForgeDbContext db, ModelRegistry registry, AwardIssuer issuer, BadgeUrls urls, TrainingRun run, IReadOnlyList<AttendanceInput> inputs,
        Guid recordedBy, DateTimeOffset now, CancellationToken ct)
    {
        if (!run.AutoAward)
        {
            return null;
        }
        var last = await db.TrainingSessions.AsNoTracking().Where(s => s.RunId == run.Id && !s.Cancelled)
            .OrderByDescending(s => s.StartsAt).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        if (last is not { } lastId || !inputs.Any(i => i.SessionId == lastId))
        {
            return null;
        }
        return await PreviewAwards.AwardAsync(db, registry, issuer, urls, run, recordedBy, now, ct);
    }

    /// <param name="earlierProblems">Problems found before (e.g. unreadable CSV rows): reported together, and nothing is written.</param>
    /// <param name="describe">Names a position for messages: "records[3]" or "line 4".</param>
    public static async Task<AttendanceOutcome> ApplyAsync(
        BadgeForgeDbContext db, TrainingRun run, IReadOnlyList<AttendanceInput> inputs, IReadOnlyList<AttendanceInputProblem> earlierProblems,
        Func<int, string> describe, Guid recordedBy, DateTime now, CancellationToken ct)
    {
        var sessionIds = inputs.Select(i => i.SessionId).Distinct().ToList();
        var sessions = await db.TrainingSessions.Where(s => s.RunId == run.Id && sessionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var emails = inputs.Select(i => EmailAddress.Normalise(i.Email)).Distinct().ToList();
        var enrolments = await (
                from address in db.LearnerEmails
                join enrolment in db.TrainingEnrolments on address.LearnerId equals enrolment.LearnerId
                where emails.Contains(address.Email) && enrolment.RunId == run.Id
                select new { address.Email, Enrolment = enrolment })
            .ToDictionaryAsync(x => x.Email, x => x.Enrolment, ct);

        var problems = new List<AttendanceInputProblem>();
        var accepted = new List<(AttendanceInput Input, TrainingSession Session, Guid LearnerId, int Minutes)>();
        var seen = new Dictionary<(Guid, Guid), int>();
        foreach (var input in inputs)
        {
            var before = problems.Count;
            void Problem(string field, string message) => problems.Add(new(input.Position, field, message));

            var session = sessions.GetValueOrDefault(input.SessionId);
            if (session is null)
            {
                Problem("sessionId", $"{input.SessionId} is not a session of this run.");
            }
            else if (session.StartsAt > now)
            {
                Problem("sessionId", $"The session of {session.StartsAt:yyyy-MM-dd HH:mm} UTC has not started yet.");
            }
            var email = EmailAddress.Normalise(input.Email);
            var enrolment = enrolments.GetValueOrDefault(email);
            if (enrolment is null)
            {
                Problem("email", $"'{email}' is not enrolled in this run.");
            }
            if (session is not null && enrolment is not null)
            {
                if (session.StartsAt < enrolment.JoinedAt || session.StartsAt > enrolment.LeftAt)
                {
                    Problem("sessionId", $"The session of {session.StartsAt:yyyy-MM-dd} is outside '{email}''s enrolment " +
                                         $"({enrolment.JoinedAt:yyyy-MM-dd} to {(enrolment.LeftAt is { } left ? left.ToString("yyyy-MM-dd") : "now")}).");
                }
                if (session.Mode == TrainingSessionMode.Individual && session.ScheduledForLearnerId != enrolment.LearnerId)
                {
                    Problem("sessionId", "This individual session is scheduled for another learner.");
                }
                if (seen.TryGetValue((session.Id, enrolment.LearnerId), out var first))
                {
                    Problem("email", $"The same learner's attendance at this session is already given at {describe(first)}.");
                }
                else
                {
                    seen[(session.Id, enrolment.LearnerId)] = input.Position;
                }
            }
            var planned = session?.PlannedMinutes ?? int.MaxValue;
            int minutes = 0;
            switch (input.Status)
            {
                case AttendanceKind.Present:
                    minutes = input.Minutes ?? planned;
                    if (input.Minutes is 0)
                    {
                        Problem("minutes", "Present for 0 minutes is an absence: record it as absent.");
                    }
                    break;
                case AttendanceKind.Absent:
                    if (input.Minutes is > 0)
                    {
                        Problem("minutes", "An absent learner has no minutes present; record partial presence as present with minutes.");
                    }
                    break;
                case AttendanceKind.Justified:
                    minutes = input.Minutes ?? 0;
                    if (string.IsNullOrWhiteSpace(input.Reason))
                    {
                        Problem("reason", "A justified absence needs a reason; without one it counts as unjustified.");
                    }
                    break;
            }
            if (input.Minutes is < 0 or > 1440)
            {
                Problem("minutes", "Minutes are between 0 and 1440.");
            }
            else if (session is not null && minutes > planned)
            {
                Problem("minutes", $"The session is planned for {planned} minutes; nobody is present longer.");
            }
            if (problems.Count == before)
            {
                accepted.Add((input, session!, enrolment!.LearnerId, minutes));
            }
        }
        if (problems.Count + earlierProblems.Count > 0)
        {
            return new AttendanceOutcome.Invalid([.. earlierProblems, .. problems]);
        }

        var learnerIds = accepted.Select(a => a.LearnerId).Distinct().ToList();
        var existing = await db.TrainingAttendance
            .Where(a => sessionIds.Contains(a.SessionId) && learnerIds.Contains(a.LearnerId))
            .ToDictionaryAsync(a => (a.SessionId, a.LearnerId), ct);
        int created = 0, replaced = 0;
        foreach (var (input, session, learnerId, minutes) in accepted)
        {
            if (!existing.TryGetValue((session.Id, learnerId), out var record))
            {
                record = new TrainingAttendance { Id = Guid.NewGuid(), SessionId = session.Id, LearnerId = learnerId };
                db.TrainingAttendance.Add(record);
                created++;
            }
            else
            {
                replaced++;
            }
            record.Status = input.Status;
            record.PresentMinutes = minutes;
            record.Reason = input.Status == AttendanceKind.Justified ? input.Reason!.Trim() : null;
            record.ProofReference = string.IsNullOrWhiteSpace(input.ProofReference) ? null : input.ProofReference.Trim();
            record.RecordedByAccountId = recordedBy;
            record.RecordedAt = now;
        }
        try
        {
            // One SaveChanges is one transaction: all records or none.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new AttendanceOutcome.Conflict();
        }
        return new AttendanceOutcome.Saved(new AttendanceResult(created, replaced));
    }
}
