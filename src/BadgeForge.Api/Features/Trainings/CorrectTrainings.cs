using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Trainings;

/// <summary>
/// Trainers correct their mistakes: edit a run and its sessions, delete a session or a run that awarded nothing, let a
/// learner leave, withdraw an assessment. Each request is checked like the creation it corrects and written in one
/// SaveChanges (one transaction), so nothing is half-written.
/// </summary>
internal static class CorrectTrainings
{
    public static RouteGroupBuilder MapTrainingCorrections(this RouteGroupBuilder group)
    {
        group.MapPut("/{runId:guid}", EditRunAsync).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("EditTrainingRun")
            .WithSummary("Correct a run's title, dates, place, teaching-hour length and trainers; its sessions must stay within the dates")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{runId:guid}", DeleteRunAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("DeleteTrainingRun")
            .WithSummary("Delete a run entered by mistake, with its sessions, enrolments, attendance, assessments and evidence; refused once it awarded a badge")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{runId:guid}/sessions/{sessionId:guid}", EditSessionAsync).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("EditTrainingSession")
            .WithSummary("Correct a session's start and length, or mark it cancelled (a cancelled session counts nowhere)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{runId:guid}/sessions/{sessionId:guid}", DeleteSessionAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("DeleteTrainingSession")
            .WithSummary("Delete a session entered by mistake, with its attendance; refused once the run awarded a badge (cancel it instead)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{runId:guid}/enrolments/{learnerId:guid}/leave", LeaveAsync).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("LeaveTrainingRun")
            .WithSummary("A learner leaves the run: attendance up to leaving is kept, records of later sessions are removed, later sessions no longer count")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{runId:guid}/assessments/{assessmentId:guid}", WithdrawAssessmentAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("WithdrawAssessment")
            .WithSummary("Withdraw an assessment recorded by mistake: it stays in the history but never counts again")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// True if any award came from the run: stamped with it, or (awards from before the stamp) naming it in the trace.
    internal static Task<bool> HasAwardsAsync(BadgeForgeDbContext db, TrainingRun run, CancellationToken ct)
    {
        var id = run.Id.ToString();
        return db.Awards.AnyAsync(a => a.TrainingRunId == run.Id
            || (a.OrganisationId == run.OrganisationId && a.CriteriaTraceJson != null && a.CriteriaTraceJson.Contains(id)), ct);
    }

    private static ProblemHttpResult AwardsIssued(string what) => Problems.Conflict(
        $"Iz tega izvajanja so že bile podeljene značke, zato {what.Split('|')[0]} ni mogoče izbrisati; popravite ga ali odpovejte. / " +
        $"Badges were awarded from this run, so {what.Split('|')[1]} cannot be deleted (the awards' criteria trace refers to it); " +
        "correct it, or cancel the session, instead.");

    private static async Task<Results<Ok<TrainingRunResponse>, ValidationProblem, ProblemHttpResult>> EditRunAsync(
        Guid orgId, Guid runId, EditTrainingRunRequest request, BadgeForgeDbContext db, ModelRegistry registry, CancellationToken ct)
    {
        var run = await db.TrainingRuns.Include(r => r.Trainers).Include(r => r.Sessions)
            .SingleOrDefaultAsync(r => r.Id == runId && r.OrganisationId == orgId, ct);
        if (run is null)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        var startsOn = request.StartsOn!.Value.ToUtcMidnight();
        var endsOn = request.EndsOn?.ToUtcMidnight();
        if (endsOn < startsOn)
        {
            return Problems.Invalid("endsOn", "The last day is before the first day.");
        }
        var hourLength = request.HourLengthMinutes ?? run.HourLengthMinutes;
        if (hourLength is not (60 or 45))
        {
            return Problems.Invalid("hourLengthMinutes", "An hour is 60 minutes, or 45 for a school lesson (šolska ura).");
        }
        // The same window as for adding a session: a session outside the new dates means one of the dates is wrong.
        foreach (var session in run.Sessions.OrderBy(s => s.StartsAt))
        {
            if (session.StartsAt < startsOn.AddDays(-1))
            {
                return Problems.Invalid("startsOn", $"The session of {session.StartsAt:yyyy-MM-dd HH:mm} UTC would be before the run's first day; " +
                                                    "move or delete it first.");
            }
            if (endsOn is { } last && session.StartsAt >= last.AddDays(2))
            {
                return Problems.Invalid("endsOn", $"The session of {session.StartsAt:yyyy-MM-dd HH:mm} UTC would be after the run's last day; " +
                                                  "move or delete it first.");
            }
        }
        var trainerIds = request.TrainerIds?.Distinct().ToList();
        if (trainerIds is not null)
        {
            var staff = await db.Memberships
                .Where(m => m.OrganisationId == orgId && trainerIds.Contains(m.AccountId)
                            && (m.Role == OrganisationRole.Trainer || m.Role == OrganisationRole.OrganisationAdmin))
                .Select(m => m.AccountId).Distinct().ToListAsync(ct);
            var stranger = Array.FindIndex(request.TrainerIds!, id => !staff.Contains(id));
            if (stranger >= 0)
            {
                return Problems.Invalid($"trainerIds[{stranger}]",
                    $"Account {request.TrainerIds![stranger]} is not a trainer or admin of this organisation.");
            }
            run.Trainers.RemoveAll(t => !trainerIds.Contains(t.AccountId));
            foreach (var id in trainerIds.Where(id => run.Trainers.All(t => t.AccountId != id)))
            {
                run.Trainers.Add(new TrainingRunTrainer { RunId = run.Id, AccountId = id });
            }
        }
        run.Title = request.Title.Trim();
        run.StartsOn = startsOn;
        run.EndsOn = endsOn;
        run.Place = string.IsNullOrWhiteSpace(request.Place) ? null : request.Place.Trim();
        run.HourLengthMinutes = hourLength;
        await db.SaveChangesAsync(ct);
        return await GetAsync(db, registry, orgId, runId, ct);
    }

    private static async Task<Results<Ok<TrainingRunResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        BadgeForgeDbContext db, ModelRegistry registry, Guid orgId, Guid runId, CancellationToken ct)
    {
        var run = await db.TrainingRuns.AsNoTracking().AsSplitQuery()
            .Include(r => r.Trainers).Include(r => r.Sessions).Include(r => r.Enrolments)
            .SingleAsync(r => r.Id == runId && r.OrganisationId == orgId, ct);
        return TypedResults.Ok(TrainingsEndpoints.ToResponse(run, registry.PinnedModel(run), detailed: true));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRunAsync(
        Guid orgId, Guid runId, BadgeForgeDbContext db, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        if (await HasAwardsAsync(db, run, ct))
        {
            return AwardsIssued("izvajanja|the run");
        }
        // Sessions (and with them attendance), trainers and enrolments cascade; assessments and evidence name the run
        // without a cascade, so that nothing else can delete them by accident.
        db.LearnerAssessments.RemoveRange(await db.LearnerAssessments.Where(a => a.RunId == run.Id).ToListAsync(ct));
        db.LearnerEvidenceItems.RemoveRange(await db.LearnerEvidenceItems.Where(e => e.RunId == run.Id).ToListAsync(ct));
        db.TrainingRuns.Remove(run);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> EditSessionAsync(
        Guid orgId, Guid runId, Guid sessionId, EditSessionRequest request, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        if (await db.TrainingSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.RunId == run.Id, ct) is not { } session)
        {
            return Problems.NotFound($"Training run {runId} has no session {sessionId}.");
        }
        if (TrainingsEndpoints.CheckSessionTime(run, request.PlannedMinutes, request.Lessons, request.StartsAt!.Value.UtcDateTime, out var minutes) is { } problem)
        {
            return problem;
        }
        var startsAt = request.StartsAt!.Value.UtcDateTime;
        var recorded = await (
                from a in db.TrainingAttendance
                join e in db.TrainingEnrolments on new { a.LearnerId, RunId = run.Id } equals new { e.LearnerId, e.RunId }
                where a.SessionId == session.Id
                select new { a.PresentMinutes, e.Email, e.JoinedAt, e.LeftAt })
            .ToListAsync(ct);
        if (recorded.Count > 0 && startsAt > clock.GetUtcNow().UtcDateTime)
        {
            return Problems.Invalid("startsAt", $"Attendance of {recorded.Count} learner(s) is recorded for this session, so it cannot start in the future.");
        }
        if (recorded.Where(r => r.PresentMinutes > minutes).MaxBy(r => r.PresentMinutes) is { } longest)
        {
            return Problems.Invalid(request.Lessons is null ? "plannedMinutes" : "lessons",
                $"'{longest.Email}' is recorded present for {longest.PresentMinutes} minutes, longer than {minutes} minutes; correct the attendance first.");
        }
        if (recorded.FirstOrDefault(r => startsAt < r.JoinedAt || startsAt > r.LeftAt) is { } outside)
        {
            return Problems.Invalid("startsAt", $"'{outside.Email}' has attendance recorded for this session, and {startsAt:yyyy-MM-dd} is outside their enrolment.");
        }
        session.StartsAt = startsAt;
        session.PlannedMinutes = minutes;
        session.Cancelled = request.Cancelled ?? session.Cancelled;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(session.ToResponse());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSessionAsync(
        Guid orgId, Guid runId, Guid sessionId, BadgeForgeDbContext db, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        if (await db.TrainingSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.RunId == run.Id, ct) is not { } session)
        {
            return Problems.NotFound($"Training run {runId} has no session {sessionId}.");
        }
        if (await HasAwardsAsync(db, run, ct))
        {
            return AwardsIssued("srečanja|the session");
        }
        db.TrainingSessions.Remove(session); // its attendance cascades
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<LeaveResult>, ValidationProblem, ProblemHttpResult>> LeaveAsync(
        Guid orgId, Guid runId, Guid learnerId, LeaveRunRequest request, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        if (await db.TrainingEnrolments.SingleOrDefaultAsync(e => e.RunId == run.Id && e.LearnerId == learnerId, ct) is not { } enrolment)
        {
            return Problems.NotFound($"Learner {learnerId} is not enrolled in training run {runId}.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var leftAt = request.LeftAt?.UtcDateTime ?? now;
        if (leftAt > now)
        {
            return Problems.Invalid("leftAt", "Leaving is recorded once it has happened.");
        }
        if (leftAt < enrolment.JoinedAt)
        {
            return Problems.Invalid("leftAt", $"The learner joined on {enrolment.JoinedAt:yyyy-MM-dd HH:mm} UTC, after this date.");
        }
        // Attendance up to leaving is what happened and stays; records of later sessions would contradict the leaving.
        var later = await (
                from a in db.TrainingAttendance
                join s in db.TrainingSessions on a.SessionId equals s.Id
                where s.RunId == run.Id && a.LearnerId == learnerId && s.StartsAt > leftAt
                select a)
            .ToListAsync(ct);
        db.TrainingAttendance.RemoveRange(later);
        enrolment.LeftAt = leftAt;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new LeaveResult(enrolment.ToResponse(), later.Count));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> WithdrawAssessmentAsync(
        Guid orgId, Guid runId, Guid assessmentId, BadgeForgeDbContext db, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        if (await db.LearnerAssessments.SingleOrDefaultAsync(a => a.Id == assessmentId && a.RunId == run.Id && a.OrganisationId == orgId, ct)
            is not { } assessment)
        {
            return Problems.NotFound($"Training run {runId} has no assessment {assessmentId}.");
        }
        assessment.Withdrawn = true;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
