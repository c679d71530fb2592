using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Core;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Trainings;

/// <param name="Trainings">Every run the signed-in person is enrolled in, at any organisation, latest start first.</param>
public sealed record MyTrainingsResponse(List<MyTraining> Trainings);

/// <param name="RunId">The run.</param>
/// <param name="Organisation">The organisation that delivers it.</param>
/// <param name="Title">The run's title.</param>
/// <param name="Training">The training's title in the model.</param>
/// <param name="Model">Pinned model version, "model@version".</param>
/// <param name="StartsOn">First day.</param>
/// <param name="EndsOn">Last day, if known.</param>
/// <param name="Place">Where.</param>
/// <param name="Email">The email the person is enrolled with.</param>
/// <param name="JoinedAt">Joined (UTC).</param>
/// <param name="LeftAt">Left (UTC), if so.</param>
/// <param name="Attendance">The run's group sessions and the person's own individual sessions, in time order, with the person's record.</param>
/// <param name="Assessments">Assessments of the person recorded in this run.</param>
/// <param name="Progress">Each badge that counts this training: met or not, and every condition with what was found.</param>
public sealed record MyTraining(
    Guid RunId, LocalizedText Organisation, string Title, LocalizedText Training, string Model, DateOnly StartsOn, DateOnly? EndsOn, string? Place,
    string Email, DateTime JoinedAt, DateTime? LeftAt, List<MyAttendance> Attendance, List<MyAssessment> Assessments, List<MyProgress> Progress);

/// <param name="SessionId">The session.</param>
/// <param name="StartsAt">Start (UTC).</param>
/// <param name="PlannedMinutes">Scheduled minutes.</param>
/// <param name="Mode">Group or Individual.</param>
/// <param name="ModuleId">Module, if any.</param>
/// <param name="Cancelled">The session did not take place.</param>
/// <param name="Status">Present, Absent or Justified; null if nothing is recorded (a session that took place then counts as absent).</param>
/// <param name="PresentMinutes">Minutes present.</param>
/// <param name="Reason">Reason of a justified absence.</param>
public sealed record MyAttendance(
    Guid SessionId, DateTime StartsAt, int PlannedMinutes, TrainingSessionMode Mode, string? ModuleId, bool Cancelled, AttendanceKind? Status,
    int PresentMinutes, string? Reason);

/// <param name="CompetenceId">The competence.</param>
/// <param name="Competence">Its title.</param>
/// <param name="IndicatorIds">Indicators confirmed.</param>
/// <param name="Method">How the assessor judged.</param>
/// <param name="Assessor">The assessor's display name.</param>
/// <param name="AssessedAt">When (UTC).</param>
/// <param name="Note">The assessor's note.</param>
public sealed record MyAssessment(
    string CompetenceId, LocalizedText Competence, List<string> IndicatorIds, AssessmentKind Method, string Assessor, DateTime AssessedAt, string? Note);

/// <param name="Badge">model@version/badge.</param>
/// <param name="BadgeTitle">The badge's title.</param>
/// <param name="Qualified">True if the criteria are met now.</param>
/// <param name="Distance">How far from met (0 when met).</param>
/// <param name="AlreadyHeld">An award of this badge (or an equivalent version) from the organisation is held.</param>
/// <param name="Conditions">Every condition of the criteria, with what was required and found.</param>
public sealed record MyProgress(string Badge, LocalizedText BadgeTitle, bool Qualified, decimal Distance, bool AlreadyHeld, List<PreviewLeaf> Conditions);

/// <summary>
/// A learner's own training records. The signed-in account's email was verified (by sign-in link or by the account's
/// invitation), and learners are found by email, so the person sees exactly the learner whose emails include theirs.
/// </summary>
internal static class MyTrainings
{
    public static async Task<Ok<MyTrainingsResponse>> ListAsync(
        HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, TimeProvider clock, CancellationToken ct)
    {
        var accountId = http.User.RequiredAccountId();
        var learnerId = await (
                from account in db.Accounts
                join address in db.LearnerEmails on account.Email equals address.Email
                where account.Id == accountId
                select (Guid?)address.LearnerId)
            .SingleOrDefaultAsync(ct);
        if (learnerId is not { } me)
        {
            return TypedResults.Ok(new MyTrainingsResponse([]));
        }
        var enrolments = await db.TrainingEnrolments.AsNoTracking().Where(e => e.LearnerId == me).ToListAsync(ct);
        var runIds = enrolments.Select(e => e.RunId).ToList();
        var runs = await db.TrainingRuns.AsNoTracking().Where(r => runIds.Contains(r.Id))
            .OrderByDescending(r => r.StartsOn).ThenBy(r => r.Id).ToListAsync(ct);
        var organisationIds = runs.Select(r => r.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        // Group sessions and the person's own individual sessions; others' individual sessions are theirs.
        var sessions = await db.TrainingSessions.AsNoTracking()
            .Where(s => runIds.Contains(s.RunId) && (s.Mode == TrainingSessionMode.Group || s.ScheduledForLearnerId == me))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var attendance = await db.TrainingAttendance.AsNoTracking()
            .Where(a => a.LearnerId == me && sessionIds.Contains(a.SessionId)).ToDictionaryAsync(a => a.SessionId, ct);
        var assessments = await (
                from a in db.LearnerAssessments.AsNoTracking()
                join assessor in db.Accounts on a.AssessorAccountId equals assessor.Id
                where a.LearnerId == me && a.RunId != null && runIds.Contains(a.RunId.Value) && !a.Withdrawn
                orderby a.AssessedAt
                select new { Assessment = a, assessor.DisplayName })
            .ToListAsync(ct);

        var asOf = clock.GetUtcNow();
        var trainings = new List<MyTraining>();
        foreach (var run in runs)
        {
            var model = registry.PinnedModel(run);
            var enrolment = enrolments.First(e => e.RunId == run.Id);
            var progress = await PreviewAwards.EvaluateAsync(db, registry, run, asOf, me, ct);
            trainings.Add(new MyTraining(
                run.Id, organisations[run.OrganisationId], run.Title, model.FindTraining(run.TrainingId)!.Title, $"{run.ModelId}@{run.ModelVersion}",
                run.StartsOn.ToDateOnly(), run.EndsOn?.ToDateOnly(), run.Place, enrolment.Email, enrolment.JoinedAt, enrolment.LeftAt,
                [.. sessions.Where(s => s.RunId == run.Id).Select(s => attendance.GetValueOrDefault(s.Id) is var a && a is not null
                    ? new MyAttendance(s.Id, s.StartsAt, s.PlannedMinutes, s.Mode, s.ModuleId, s.Cancelled, a.Status, a.PresentMinutes, a.Reason)
                    : new MyAttendance(s.Id, s.StartsAt, s.PlannedMinutes, s.Mode, s.ModuleId, s.Cancelled, null, 0, null))],
                [.. assessments.Where(x => x.Assessment.RunId == run.Id).Select(x => new MyAssessment(
                    x.Assessment.CompetenceId,
                    model.FindCompetence(x.Assessment.CompetenceId)?.Title ?? new LocalizedText(x.Assessment.CompetenceId, x.Assessment.CompetenceId),
                    x.Assessment.IndicatorIds, x.Assessment.Method, x.DisplayName, x.Assessment.AssessedAt, x.Assessment.Note))],
                [.. progress.Select(p => new MyProgress(p.Entry.Badge, p.Entry.BadgeTitle, p.Entry.Qualified, p.Entry.Distance, p.Entry.AlreadyHeld, p.Entry.Leaves))]));
        }
        return TypedResults.Ok(new MyTrainingsResponse(trainings));
    }
}
