using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Features.Trainings;

/// <param name="Model">The pinned model version as "model@version", e.g. "initiative-leader@1.0.0"; it must be published.</param>
/// <param name="TrainingId">A training id of that model version, e.g. "vdp.t.motivacija".</param>
/// <param name="Title">The run's own title, e.g. "Gimnazija Celje, jesen 2026".</param>
/// <param name="StartsOn">First day of the run.</param>
/// <param name="EndsOn">Last day of the run, if known.</param>
/// <param name="Place">Where it takes place.</param>
/// <param name="HourLengthMinutes">Minutes in one of the run's teaching hours: 60 (default) or 45 for school lessons.</param>
/// <param name="TrainerIds">Accounts of the organisation (trainers or admins) who deliver the run.</param>
/// <param name="AutoAward">Award every qualifying badge as soon as attendance of the run's last session is recorded (default false).</param>
public sealed record CreateTrainingRunRequest(
    [Required, MaxLength(140)] string Model,
    [Required, MaxLength(100)] string TrainingId,
    [Required, MaxLength(200)] string Title,
    [Required] DateOnly? StartsOn,
    DateOnly? EndsOn,
    [MaxLength(200)] string? Place,
    int? HourLengthMinutes,
    [MaxLength(20)] Guid[]? TrainerIds,
    bool? AutoAward = null);

/// <param name="AutoAward">
/// Award every qualifying badge as soon as attendance of the run's last session (the latest one not cancelled) is recorded.
/// Re-recording it re-evaluates; nobody is awarded the same badge twice.
/// </param>
public sealed record TrainingRunSettingsRequest([Required] bool? AutoAward);

/// <param name="Title">The run's own title.</param>
/// <param name="StartsOn">First day of the run; existing sessions must stay within the run's days.</param>
/// <param name="EndsOn">Last day of the run, if known (absent: an open end).</param>
/// <param name="Place">Where it takes place (absent: none).</param>
/// <param name="HourLengthMinutes">60 or 45; absent keeps the current length. Sessions keep their planned minutes.</param>
/// <param name="TrainerIds">The trainers (replaces the list); absent keeps them.</param>
public sealed record EditTrainingRunRequest(
    [Required, MaxLength(200)] string Title,
    [Required] DateOnly? StartsOn,
    DateOnly? EndsOn,
    [MaxLength(200)] string? Place,
    int? HourLengthMinutes,
    [MaxLength(20)] Guid[]? TrainerIds);

/// <param name="StartsAt">When the session starts (with an offset; stored in UTC); within the run's days.</param>
/// <param name="PlannedMinutes">Scheduled length in minutes; give this or <paramref name="Lessons"/>. Not shorter than recorded presence.</param>
/// <param name="Lessons">Scheduled length in the run's teaching hours.</param>
/// <param name="Cancelled">True: the session did not take place and counts nowhere; absent keeps the current state.</param>
public sealed record EditSessionRequest(
    [Required] DateTimeOffset? StartsAt,
    [Range(1, 1440)] int? PlannedMinutes,
    [Range(1, 24)] int? Lessons,
    bool? Cancelled);

/// <param name="LeftAt">When the learner left (not in the future); now when absent.</param>
public sealed record LeaveRunRequest(DateTimeOffset? LeftAt);

/// <param name="Enrolment">The enrolment, with its leaving time.</param>
/// <param name="RemovedAttendance">Attendance records of sessions after leaving, removed (earlier attendance is kept).</param>
public sealed record LeaveResult(EnrolmentResponse Enrolment, int RemovedAttendance);

/// <param name="StartsAt">When the session starts (with an offset; stored in UTC).</param>
/// <param name="PlannedMinutes">Scheduled length in minutes; give this or <paramref name="Lessons"/>.</param>
/// <param name="Lessons">Scheduled length in the run's teaching hours (45 or 60 minutes each).</param>
/// <param name="Mode">Group (default) or Individual.</param>
/// <param name="ModuleId">A module id of the run's training, if the session belongs to one.</param>
/// <param name="ScheduledFor">For individual sessions: the email of the enrolled learner it is scheduled for.</param>
public sealed record AddSessionRequest(
    [Required] DateTimeOffset? StartsAt,
    [Range(1, 1440)] int? PlannedMinutes,
    [Range(1, 24)] int? Lessons,
    TrainingSessionMode? Mode,
    [MaxLength(100)] string? ModuleId,
    [MaxLength(320)] string? ScheduledFor);

/// <param name="Learners">Learners to enrol; an email already enrolled in the run is not enrolled twice.</param>
public sealed record EnrolLearnersRequest([Required, MinLength(1), MaxLength(500)] EnrolLearnerRequest[] Learners);

/// <param name="Email">The learner's email: finds the person if any organisation enrolled them before (case does not matter).</param>
/// <param name="DisplayName">The name as this organisation knows the learner.</param>
/// <param name="Phone">The learner's phone, if new.</param>
/// <param name="IsMinor">Under 18: a guardian's email or phone is required.</param>
/// <param name="GuardianName">Guardian's name.</param>
/// <param name="GuardianEmail">Guardian's email.</param>
/// <param name="GuardianPhone">Guardian's phone.</param>
/// <param name="ConsentRecords">The learner (or guardian) agreed that training records are kept for badges.</param>
/// <param name="ConsentPublicName">The learner agreed that their name appears on public badge pages.</param>
/// <param name="JoinedAt">When the learner joined; the run's start (or now, if earlier) when absent. Earlier sessions do not count.</param>
public sealed record EnrolLearnerRequest(
    [Required, MaxLength(320), Email] string Email,
    [MaxLength(200)] string? DisplayName,
    [MaxLength(40)] string? Phone,
    bool IsMinor,
    [MaxLength(200)] string? GuardianName,
    [MaxLength(320), Email] string? GuardianEmail,
    [MaxLength(40)] string? GuardianPhone,
    bool ConsentRecords,
    bool ConsentPublicName,
    DateTimeOffset? JoinedAt);

/// <param name="Records">Attendance records; a record for a session and learner that already has one replaces it.</param>
public sealed record RecordAttendanceRequest([Required, MinLength(1), MaxLength(5000)] AttendanceRecordRequest[] Records);

/// <param name="SessionId">A session of the run.</param>
/// <param name="Email">An enrolled learner's email.</param>
/// <param name="Status">Present, Absent or Justified.</param>
/// <param name="Minutes">Present: minutes present (default: the whole session). Justified: minutes present before or after the absence (default 0).</param>
/// <param name="Reason">Why an absence is justified (required for Justified).</param>
/// <param name="ProofReference">Where the proof of a justified absence is kept, e.g. a document number.</param>
public sealed record AttendanceRecordRequest(
    [Required] Guid? SessionId,
    [Required, MaxLength(320)] string Email,
    [Required] AttendanceKind? Status,
    [Range(0, 1440)] int? Minutes,
    [MaxLength(500)] string? Reason,
    [MaxLength(200)] string? ProofReference);

/// <param name="Created">New attendance records.</param>
/// <param name="Replaced">Records that replaced an earlier record of the same session and learner.</param>
/// <param name="AutoAwarded">When the run awards automatically and these records include its last session: what was awarded; else null.</param>
/// <param name="AutoAwardFailed">When automatic awarding failed after the attendance was saved: why, and how to retry; else null.
/// The attendance stays recorded either way.</param>
public sealed record AttendanceResult(int Created, int Replaced, AwardQualifiedResult? AutoAwarded = null, AutoAwardFailure? AutoAwardFailed = null);

/// <param name="Message">What happened, in Slovenian and English, with the error's trace id for the logs.</param>
/// <param name="RetryUrl">POST here to award what qualifies; it is idempotent (held badges are reported, not re-issued).</param>
public sealed record AutoAwardFailure(LocalizedText Message, string RetryUrl);

/// <param name="Email">An enrolled learner's email.</param>
/// <param name="CompetenceId">A competence of the run's model version.</param>
/// <param name="IndicatorIds">Indicators of that competence the assessor confirms.</param>
/// <param name="Method">Observation, Interview, Portfolio or SelfAssessment (stored, never counted).</param>
/// <param name="AssessedAt">When the assessment was made (not in the future); now when absent.</param>
/// <param name="Note">The assessor's note.</param>
/// <param name="AssessorId">The assessor's account when someone else enters the assessment (e.g. an admin from a paper form);
/// the caller when absent. The assessor must be a trainer of the organisation (or hold a role the model accepts).</param>
public sealed record RecordAssessmentRequest(
    [Required, MaxLength(320)] string Email,
    [Required, MaxLength(100)] string CompetenceId,
    [Required, MinLength(1), MaxLength(50)] string[] IndicatorIds,
    [Required] AssessmentKind? Method,
    DateTimeOffset? AssessedAt,
    [MaxLength(4000)] string? Note,
    Guid? AssessorId = null);

/// <param name="Id">Assessment id.</param>
/// <param name="LearnerId">The learner.</param>
/// <param name="Model">model@version it was recorded against.</param>
/// <param name="CompetenceId">The competence.</param>
/// <param name="IndicatorIds">Confirmed indicators.</param>
/// <param name="Method">How the assessor judged.</param>
/// <param name="AssessorRole">The assessor's confirmer role at the organisation (Trainer, Organisation), or null.</param>
/// <param name="Counts">True if badge criteria can count it: not a self-assessment, and the model accepts the assessor's role.</param>
/// <param name="AssessedAt">When (UTC).</param>
public sealed record AssessmentResponse(
    Guid Id, Guid LearnerId, string Model, string CompetenceId, List<string> IndicatorIds, AssessmentKind Method, string? AssessorRole,
    bool Counts, DateTime AssessedAt);

/// <param name="Email">An enrolled learner's email.</param>
/// <param name="Kind">Evidence kind slug, e.g. "reflection".</param>
/// <param name="SubmittedAt">When the learner submitted it (not in the future); now when absent.</param>
/// <param name="Status">Pending, Accepted (default) or Rejected; the caller is the reviewer.</param>
/// <param name="Url">Where the evidence is (http or https).</param>
/// <param name="Note">The reviewer's note.</param>
public sealed record RecordEvidenceRequest(
    [Required, MaxLength(320)] string Email,
    [Required, MaxLength(100), RegularExpression("^[a-z0-9]+([._-][a-z0-9]+)*$")] string Kind,
    DateTimeOffset? SubmittedAt,
    ReviewStatus? Status,
    [MaxLength(2048), HttpUrl] string? Url,
    [MaxLength(4000)] string? Note);

/// <param name="Id">Evidence item id.</param>
/// <param name="LearnerId">The learner.</param>
/// <param name="Kind">Evidence kind.</param>
/// <param name="Status">Review state.</param>
/// <param name="ReviewedByRole">The reviewer's confirmer role, if reviewed.</param>
/// <param name="SubmittedAt">When submitted (UTC).</param>
public sealed record EvidenceResponse(Guid Id, Guid LearnerId, string Kind, ReviewStatus Status, string? ReviewedByRole, DateTime SubmittedAt);

/// <param name="Email">An enrolled learner's email.</param>
/// <param name="Kind">Practice kind slug, e.g. "volunteering".</param>
/// <param name="StartsOn">First day of the practice.</param>
/// <param name="EndsOn">Last day, if it lasted longer than a day.</param>
/// <param name="Minutes">Minutes of practice (hours × 60).</param>
/// <param name="Phases">Phases covered: planning, implementation, evaluation.</param>
/// <param name="Status">Pending, Accepted (default: confirmed by the caller) or Rejected.</param>
/// <param name="Note">The confirmer's note.</param>
public sealed record RecordPracticeRequest(
    [Required, MaxLength(320)] string Email,
    [Required, MaxLength(100), RegularExpression("^[a-z0-9]+([._-][a-z0-9]+)*$")] string Kind,
    [Required] DateOnly? StartsOn,
    DateOnly? EndsOn,
    [Range(0, 100_000)] int Minutes,
    [MaxLength(3)] string[]? Phases,
    ReviewStatus? Status,
    [MaxLength(4000)] string? Note);

/// <param name="Id">Practice entry id.</param>
/// <param name="LearnerId">The learner.</param>
/// <param name="Kind">Practice kind.</param>
/// <param name="Minutes">Minutes of practice.</param>
/// <param name="Phases">Phases covered.</param>
/// <param name="Status">Review state.</param>
/// <param name="ConfirmedByRole">The confirmer's role, if confirmed.</param>
public sealed record PracticeResponse(Guid Id, Guid LearnerId, string Kind, int Minutes, List<string> Phases, ReviewStatus Status, string? ConfirmedByRole);

/// <param name="Id">Run id.</param>
/// <param name="Model">Pinned model version, "model@version".</param>
/// <param name="TrainingId">Training id in that model.</param>
/// <param name="TrainingTitle">The training's title in the model.</param>
/// <param name="Title">The run's title.</param>
/// <param name="StartsOn">First day.</param>
/// <param name="EndsOn">Last day, if known.</param>
/// <param name="Place">Where.</param>
/// <param name="HourLengthMinutes">Minutes per teaching hour.</param>
/// <param name="TrainerIds">Trainers' account ids.</param>
/// <param name="Sessions">Sessions, in time order (list responses leave them out).</param>
/// <param name="Enrolments">Enrolled learners (list responses leave them out).</param>
/// <param name="AutoAward">Badges are awarded automatically when the last session's attendance is recorded.</param>
public sealed record TrainingRunResponse(
    Guid Id, string Model, string TrainingId, LocalizedText TrainingTitle, string Title, DateOnly StartsOn, DateOnly? EndsOn, string? Place,
    int HourLengthMinutes, List<Guid> TrainerIds, List<SessionResponse>? Sessions, List<EnrolmentResponse>? Enrolments, bool AutoAward);

/// <param name="Items">Runs, newest start first.</param>
/// <param name="Total">Runs of the organisation in all.</param>
public sealed record TrainingRunPage(List<TrainingRunResponse> Items, int Total);

/// <param name="Id">Session id.</param>
/// <param name="StartsAt">Start (UTC).</param>
/// <param name="PlannedMinutes">Scheduled minutes.</param>
/// <param name="Mode">Group or Individual.</param>
/// <param name="ModuleId">Module, if any.</param>
/// <param name="ScheduledForLearnerId">For individual sessions: the learner.</param>
/// <param name="Cancelled">The session did not take place and counts nowhere.</param>
public sealed record SessionResponse(
    Guid Id, DateTime StartsAt, int PlannedMinutes, TrainingSessionMode Mode, string? ModuleId, Guid? ScheduledForLearnerId, bool Cancelled = false);

/// <param name="Id">Enrolment id.</param>
/// <param name="LearnerId">The learner (the same person across runs and organisations).</param>
/// <param name="Email">The email the learner was enrolled with (normalised).</param>
/// <param name="DisplayName">The name, as this organisation gave it.</param>
/// <param name="JoinedAt">Joined (UTC).</param>
/// <param name="LeftAt">Left (UTC), if so.</param>
public sealed record EnrolmentResponse(Guid Id, Guid LearnerId, string Email, string? DisplayName, DateTime JoinedAt, DateTime? LeftAt);

/// <param name="Enrolled">Learners newly enrolled by this request.</param>
/// <param name="AlreadyEnrolled">Learners of the request who were enrolled before.</param>
public sealed record EnrolResult(List<EnrolmentResponse> Enrolled, List<EnrolmentResponse> AlreadyEnrolled);

/// <param name="Line">1-based line of the CSV file (the header is line 1).</param>
/// <param name="Column">The column's header as written in the file, or null for the whole row or file.</param>
/// <param name="Message">What is wrong.</param>
public sealed record CsvProblem(int Line, string? Column, string Message);

internal static class TrainingMapping
{
    public static SessionResponse ToResponse(this TrainingSession s) =>
        new(s.Id, s.StartsAt, s.PlannedMinutes, s.Mode, s.ModuleId, s.ScheduledForLearnerId, s.Cancelled);

    public static EnrolmentResponse ToResponse(this TrainingEnrolment e) =>
        new(e.Id, e.LearnerId, e.Email, e.DisplayName, e.JoinedAt, e.LeftAt);

    public static DateOnly ToDateOnly(this DateTime utc) => DateOnly.FromDateTime(utc);

    public static DateTime ToUtcMidnight(this DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
