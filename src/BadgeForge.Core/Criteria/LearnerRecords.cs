using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Criteria;

/// <summary>
/// Everything the criteria engine may look at for <b>one learner</b> at <b>one issuer</b>
/// (competency-models/README.md §7: "evaluated for one learner, against one issuer's records").
/// </summary>
/// <remarks>
/// The caller scopes the records: only records of the issuing organisation are passed in, so the engine does not
/// check issuers. Durations are canonical in <b>minutes</b> (integers); an hour is always a clock hour of 60 minutes
/// (README §5: a school lesson is not an hour here), so there is no configurable hour length.
/// </remarks>
/// <param name="LearnerId">The learner's id; assessors, confirmers and reviewers with this id never count.</param>
/// <param name="Enrolments">Periods during which the learner was enrolled in a run (cohort) of a training.</param>
/// <param name="Attendance">The learner's attendance at sessions of training runs.</param>
/// <param name="Assessments">Competence assessments of the learner, including self-assessments.</param>
/// <param name="Badges">Awards the learner holds from this issuer, of any model version.</param>
/// <param name="Practice">The learner's practice log.</param>
/// <param name="Evidence">Evidence items the learner submitted.</param>
public sealed record LearnerRecords(
    string LearnerId,
    IReadOnlyList<Enrolment> Enrolments,
    IReadOnlyList<AttendanceEntry> Attendance,
    IReadOnlyList<CompetenceAssessment> Assessments,
    IReadOnlyList<HeldBadge> Badges,
    IReadOnlyList<PracticeEntry> Practice,
    IReadOnlyList<EvidenceItem> Evidence)
{
    /// <summary>A learner with no records at all.</summary>
    /// <param name="learnerId">The learner's id.</param>
    public static LearnerRecords Empty(string learnerId) => new(learnerId, [], [], [], [], [], []);
}

/// <summary>
/// A period in which the learner was enrolled in one run of a training. Only sessions that started within
/// [<see cref="JoinedAt"/>, <see cref="LeftAt"/>] (both inclusive) are in the learner's base (README §7.2).
/// A learner may have several periods in the same run (left and came back); a session counts if it lies in any of them.
/// Sessions of a run for which the learner has no enrolment period are not counted.
/// </summary>
/// <param name="RunId">The run (cohort).</param>
/// <param name="TrainingId">The model's training id that the run delivers.</param>
/// <param name="JoinedAt">When the learner joined the run.</param>
/// <param name="LeftAt">When the learner left the run, or null while still enrolled.</param>
public sealed record Enrolment(string RunId, string TrainingId, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt);

/// <summary>Whether a session is group work or individual work with one participant.</summary>
public enum SessionMode
{
    /// <summary>A group session of the run.</summary>
    Group,
    /// <summary>An individual session scheduled for one participant.</summary>
    Individual,
}

/// <summary>
/// The learner's record of one session of a training run: the session's facts plus the learner's status.
/// </summary>
/// <param name="Id">Id of this attendance record (reported among the records that count).</param>
/// <param name="RunId">The run (cohort) the session belongs to.</param>
/// <param name="TrainingId">The model's training id.</param>
/// <param name="ModuleId">The module of that training, or null if the training has no modules.</param>
/// <param name="SessionId">The session.</param>
/// <param name="Start">When the session started (the record date for windows, README §7.8).</param>
/// <param name="Mode">Group or individual.</param>
/// <param name="PlannedMinutes">The session's scheduled duration, D for this session.</param>
/// <param name="Status">The learner's presence.</param>
/// <param name="Cancelled">True if the session did not take place; cancelled sessions count nowhere.</param>
/// <param name="ScheduledForLearnerId">
/// For individual sessions: the participant the session was scheduled for. An individual session counts only if this is
/// the learner (README §7.2); ignored for group sessions.
/// </param>
public sealed record AttendanceEntry(
    string Id,
    string RunId,
    string TrainingId,
    string? ModuleId,
    string SessionId,
    DateTimeOffset Start,
    SessionMode Mode,
    int PlannedMinutes,
    AttendanceStatus Status,
    bool Cancelled = false,
    string? ScheduledForLearnerId = null);

/// <summary>The learner's presence at one session.</summary>
public abstract record AttendanceStatus
{
    private protected AttendanceStatus()
    {
    }
}

/// <summary>
/// Present for <paramref name="Minutes"/> minutes (partial presence counts the actual minutes). Values above the
/// session's planned minutes count as the planned minutes (README §7.2: A ≤ D per session); negative values as 0.
/// The unattended rest of the session is unjustified absence.
/// </summary>
/// <param name="Minutes">Minutes present.</param>
public sealed record Present(int Minutes) : AttendanceStatus;

/// <summary>Absent without justification for the whole session.</summary>
public sealed record Absent : AttendanceStatus;

/// <summary>
/// Justified absence (opravičena odsotnost) recorded by staff with a reason. If <paramref name="PresentMinutes"/> is
/// given, the learner was present for that part and the rest of the session is justified.
/// </summary>
/// <remarks>README §7.2 defines J as justified absence "recorded with a reason by staff"; a blank
/// <paramref name="Reason"/> therefore makes the absence unjustified.</remarks>
/// <param name="Reason">Why the absence is justified.</param>
/// <param name="PresentMinutes">Minutes present in the same session (0 for a whole-session absence).</param>
public sealed record JustifiedAbsence(string Reason, int PresentMinutes = 0) : AttendanceStatus;

/// <summary>How an assessor arrived at a judgement.</summary>
public enum AssessmentMethod
{
    /// <summary>Observation in practice or in a session.</summary>
    Observation,
    /// <summary>Conversation or interview.</summary>
    Interview,
    /// <summary>Review of a product, portfolio or evidence.</summary>
    ProductReview,
    /// <summary>Any other method by an assessor.</summary>
    Other,
    /// <summary>The learner's own assessment: stored, never counts (README §4.2).</summary>
    SelfAssessment,
}

/// <summary>
/// One assessor's confirmation of indicators of one competence, recorded against a model version.
/// </summary>
/// <param name="Id">Id of the assessment record.</param>
/// <param name="Model">The model version the assessment was recorded against.</param>
/// <param name="CompetenceId">The competence id in that version.</param>
/// <param name="IndicatorIds">Indicator ids of that competence that the assessor confirmed.</param>
/// <param name="AssessorId">The assessor.</param>
/// <param name="AssessorRole">The assessor's role at the issuer, or null if they hold none (e.g. a self-assessment).</param>
/// <param name="Method">How the assessor judged.</param>
/// <param name="AssessedAt">When it was recorded (informative: confirmations do not expire).</param>
/// <param name="Withdrawn">True if the assessor withdrew the confirmation; withdrawn confirmations never count.</param>
public sealed record CompetenceAssessment(
    string Id,
    ModelReference Model,
    string CompetenceId,
    IReadOnlyList<string> IndicatorIds,
    string AssessorId,
    ConfirmerRole? AssessorRole,
    AssessmentMethod Method,
    DateTimeOffset AssessedAt,
    bool Withdrawn = false);

/// <summary>An award of a badge that the learner holds (or held) from this issuer.</summary>
/// <param name="Id">Id of the award (assertion).</param>
/// <param name="Model">The model version the award was issued under.</param>
/// <param name="BadgeId">The badge id in that version.</param>
/// <param name="IssuedAt">When it was awarded; an award issued after the evaluation instant does not count.</param>
/// <param name="ExpiresAt">When it expires (valid while <c>asOf &lt; ExpiresAt</c>), or null if it never does.</param>
/// <param name="Revoked">True if revoked; a revoked award never counts. A superseded (renewed) award is not revoked.</param>
public sealed record HeldBadge(
    string Id, ModelReference Model, string BadgeId, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, bool Revoked = false);

/// <summary>Review state of a practice log entry.</summary>
public enum PracticeStatus
{
    /// <summary>Waiting for confirmation; counts nowhere.</summary>
    Pending,
    /// <summary>Confirmed; the only state that counts.</summary>
    Confirmed,
    /// <summary>Rejected; counts nowhere.</summary>
    Rejected,
    /// <summary>Confirmation withdrawn; counts nowhere.</summary>
    Withdrawn,
}

/// <summary>One entry of the learner's practice log (README §7.5).</summary>
/// <param name="Id">Id of the entry.</param>
/// <param name="Kind">Practice kind slug, e.g. <c>volunteering</c>.</param>
/// <param name="Start">Start date (the record date for windows).</param>
/// <param name="End">End date, or null for the start date.</param>
/// <param name="Hours">Hours of practice (≥ 0; negative values count as 0).</param>
/// <param name="Phases">Phases the entry covered.</param>
/// <param name="Status">Review state.</param>
/// <param name="ConfirmedById">Who confirmed it, if confirmed.</param>
/// <param name="ConfirmedByRole">That person's role at the issuer.</param>
public sealed record PracticeEntry(
    string Id,
    string Kind,
    DateTimeOffset Start,
    DateTimeOffset? End,
    decimal Hours,
    IReadOnlyList<PracticePhase> Phases,
    PracticeStatus Status,
    string? ConfirmedById,
    ConfirmerRole? ConfirmedByRole);

/// <summary>Review state of an evidence item.</summary>
public enum EvidenceStatus
{
    /// <summary>Not reviewed yet; counts nowhere.</summary>
    Pending,
    /// <summary>Accepted by a reviewer.</summary>
    Accepted,
    /// <summary>Rejected; counts nowhere.</summary>
    Rejected,
}

/// <summary>One evidence item (dokazilo) the learner submitted (README §7.6).</summary>
/// <param name="Id">Id of the item.</param>
/// <param name="Kind">Evidence kind slug, e.g. <c>reflection</c>.</param>
/// <param name="SubmittedAt">Submission date (the record date for windows).</param>
/// <param name="Status">Review state.</param>
/// <param name="ReviewedById">Who reviewed it, if reviewed.</param>
/// <param name="ReviewedByRole">That person's role at the issuer.</param>
public sealed record EvidenceItem(
    string Id, string Kind, DateTimeOffset SubmittedAt, EvidenceStatus Status, string? ReviewedById, ConfirmerRole? ReviewedByRole);
