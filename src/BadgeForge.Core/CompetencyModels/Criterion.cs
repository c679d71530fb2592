namespace BadgeForge.Core.CompetencyModels;

/// <summary>
/// A node of a badge's criteria tree: a combinator (<see cref="AllOf"/>, <see cref="AnyOf"/>, <see cref="AtLeast"/>)
/// or one of the closed set of leaves. Semantics are defined in <c>competency-models/README.md</c>.
/// </summary>
public abstract record Criterion;

/// <summary>Met when every child is met.</summary>
/// <param name="Items">At least one child.</param>
public sealed record AllOf(IReadOnlyList<Criterion> Items) : Criterion;

/// <summary>Met when at least one child is met.</summary>
/// <param name="Items">At least one child.</param>
public sealed record AnyOf(IReadOnlyList<Criterion> Items) : Criterion;

/// <summary>Met when at least <see cref="Count"/> children are met.</summary>
/// <param name="Count">1 ≤ Count ≤ number of children.</param>
/// <param name="Items">The children.</param>
public sealed record AtLeast(int Count, IReadOnlyList<Criterion> Items) : Criterion;

/// <summary>Which sessions an attendance criterion counts.</summary>
public enum AttendanceMode
{
    /// <summary>Group and individual sessions together.</summary>
    Any,
    /// <summary>Group sessions only.</summary>
    Group,
    /// <summary>Individual sessions only.</summary>
    Individual,
}

/// <summary>How justified (excused) absences count in an attendance criterion.</summary>
public enum JustifiedAbsenceMode
{
    /// <summary>Like unjustified absence: not attended, still in the base. The default.</summary>
    CountAsAbsent,
    /// <summary>Removed from the base of the share; adds no attended hours.</summary>
    ExcludeFromBase,
    /// <summary>Counted as attended, for both hours and share.</summary>
    CountAsAttended,
}

/// <summary>Attended hours or share of a training, or of one module of it.</summary>
/// <param name="TrainingId">The training.</param>
/// <param name="ModuleId">Restricts counting to this module's sessions, or null for the whole training.</param>
/// <param name="Mode">Which sessions count.</param>
/// <param name="MinHours">Minimum attended hours, if required.</param>
/// <param name="MinShare">Minimum attended share of delivered hours (0 &lt; share ≤ 1), if required.</param>
/// <param name="JustifiedAbsence">How justified absences count.</param>
/// <param name="WindowMonths">Only sessions within this many months before evaluation count, if set.</param>
public sealed record AttendanceCriterion(
    string TrainingId, string? ModuleId, AttendanceMode Mode, decimal? MinHours, decimal? MinShare,
    JustifiedAbsenceMode JustifiedAbsence, int? WindowMonths) : Criterion;

/// <summary>A competence reached at least at a level (all indicators up to that level confirmed).</summary>
/// <param name="CompetenceId">The competence.</param>
/// <param name="MinLevel">The minimum level.</param>
public sealed record CompetenceCriterion(string CompetenceId, int MinLevel) : Criterion;

/// <summary>Another badge of the same model held (a prerequisite).</summary>
/// <param name="BadgeId">The required badge.</param>
/// <param name="MustBeValid">If true, the award must be unexpired and unrevoked at evaluation time.</param>
public sealed record BadgeCriterion(string BadgeId, bool MustBeValid) : Criterion;

/// <summary>A phase of an initiative or project that logged practice can cover.</summary>
public enum PracticePhase
{
    /// <summary>Planning.</summary>
    Planning,
    /// <summary>Implementation.</summary>
    Implementation,
    /// <summary>Evaluation.</summary>
    Evaluation,
}

/// <summary>Who confirms practice or reviews evidence.</summary>
public enum ConfirmerRole
{
    /// <summary>A trainer of the training.</summary>
    Trainer,
    /// <summary>An assigned mentor.</summary>
    Mentor,
    /// <summary>A professional worker of the programme (strokovni delavec).</summary>
    Professional,
    /// <summary>The hosting organisation, through an authorised person.</summary>
    Organisation,
}

/// <summary>Logged practice of one kind, confirmed by someone other than the learner.</summary>
/// <param name="Kind">Practice kind slug, e.g. <c>volunteering</c>.</param>
/// <param name="MinHours">Minimum confirmed hours, if required.</param>
/// <param name="MinEntries">Minimum number of confirmed entries, if required.</param>
/// <param name="MinMonths">Minimum span in months between the first and last confirmed entry, if required.</param>
/// <param name="Phases">Phases that confirmed entries must jointly cover (empty = no requirement).</param>
/// <param name="ConfirmedBy">Who must have confirmed the entries.</param>
/// <param name="WindowMonths">Only entries within this many months before evaluation count, if set.</param>
public sealed record PracticeCriterion(
    string Kind, decimal? MinHours, int? MinEntries, int? MinMonths, IReadOnlyList<PracticePhase> Phases,
    ConfirmerRole ConfirmedBy, int? WindowMonths) : Criterion;

/// <summary>Submitted evidence (dokazila) of one kind.</summary>
/// <param name="Kind">Evidence kind slug, e.g. <c>reflection</c>.</param>
/// <param name="MinCount">Minimum number of accepted items.</param>
/// <param name="ReviewedBy">Who must have accepted the items; null = any assessor of the issuer.</param>
/// <param name="WindowMonths">Only items submitted within this many months before evaluation count, if set.</param>
public sealed record EvidenceCriterion(string Kind, int MinCount, ConfirmerRole? ReviewedBy, int? WindowMonths) : Criterion;
