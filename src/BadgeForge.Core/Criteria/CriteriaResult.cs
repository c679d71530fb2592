using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Criteria;

/// <summary>The outcome of evaluating a criteria tree for one learner at one instant.</summary>
/// <param name="Met">True if the root criterion is met (README §7: met or not met, no partial credit).</param>
/// <param name="Root">The trace of the root criterion, with one node per criterion of the tree.</param>
public sealed record CriteriaResult(bool Met, CriterionTrace Root)
{
    /// <summary>How far the learner is from meeting the criteria: 0 when met; see <see cref="CriterionTrace.Distance"/>.</summary>
    public decimal Distance => Root.Distance;

    /// <summary>Every leaf of the tree, depth first, in rule order.</summary>
    public IEnumerable<CriterionTrace> Leaves => Root.Leaves;
}

/// <summary>What a trace quantity measures.</summary>
public enum QuantityKind
{
    /// <summary>Attended minutes H·60 (attendance <c>min_hours</c>, compared in minutes).</summary>
    AttendedMinutes,
    /// <summary>Attended share S (attendance <c>min_share</c>); Found is null when the base is 0.</summary>
    AttendedShare,
    /// <summary>Confirmed indicators of the required levels (competence).</summary>
    ConfirmedIndicators,
    /// <summary>Qualifying awards held (badge).</summary>
    Awards,
    /// <summary>Sum of confirmed practice hours.</summary>
    PracticeHours,
    /// <summary>Number of confirmed practice entries.</summary>
    PracticeEntries,
    /// <summary>Whole calendar months from the earliest start to the latest end of confirmed practice.</summary>
    PracticeMonths,
    /// <summary>Required phases covered by confirmed practice.</summary>
    PracticePhases,
    /// <summary>Accepted evidence items.</summary>
    EvidenceItems,
    /// <summary>Children met (combinators).</summary>
    ChildrenMet,
}

/// <summary>One machine-readable condition of a criterion: what was required and what was found.</summary>
/// <param name="Kind">What is measured.</param>
/// <param name="Required">The required value.</param>
/// <param name="Found">The value found, or null if undefined (a share of an empty base).</param>
/// <param name="Met">True if this condition holds.</param>
public sealed record TraceQuantity(QuantityKind Kind, decimal Required, decimal? Found, bool Met);

/// <summary>
/// What is still missing for a criterion, in the units a trainer acts on. All zero/empty when the criterion is met.
/// For combinators it is the sum over the children that would be cheapest to complete (see <see cref="CriterionTrace.Distance"/>).
/// </summary>
/// <param name="Minutes">Attended minutes still needed (the larger of what <c>min_hours</c> and <c>min_share</c> need, with the current base).</param>
/// <param name="IndicatorIds">Indicators not yet confirmed, as <c>competence-id/indicator-id</c>.</param>
/// <param name="Confirmations">Further distinct assessor confirmations needed over all missing indicators.</param>
/// <param name="Badges">Prerequisite badges not held (ids).</param>
/// <param name="PracticeHours">Practice hours still needed.</param>
/// <param name="PracticeEntries">Practice entries still needed.</param>
/// <param name="PracticeMonths">Calendar months of practice span still needed.</param>
/// <param name="PracticePhases">Phases not yet covered.</param>
/// <param name="EvidenceItems">Accepted evidence items still needed.</param>
/// <param name="NoBase">True if a share is required but nothing has been delivered yet (the base is 0), so no number of minutes suffices now.</param>
public sealed record Shortfall(
    int Minutes,
    IReadOnlyList<string> IndicatorIds,
    int Confirmations,
    IReadOnlyList<string> Badges,
    decimal PracticeHours,
    int PracticeEntries,
    int PracticeMonths,
    IReadOnlyList<PracticePhase> PracticePhases,
    int EvidenceItems,
    bool NoBase)
{
    /// <summary>Nothing missing.</summary>
    public static Shortfall None { get; } = new(0, [], 0, [], 0m, 0, 0, [], 0, false);

    /// <summary>True if nothing is missing.</summary>
    public bool IsEmpty =>
        Minutes == 0 && IndicatorIds.Count == 0 && Confirmations == 0 && Badges.Count == 0 && PracticeHours == 0m &&
        PracticeEntries == 0 && PracticeMonths == 0 && PracticePhases.Count == 0 && EvidenceItems == 0 && !NoBase;

    /// <summary>Adds two shortfalls (union of ids and phases, sum of amounts).</summary>
    /// <param name="other">The other shortfall.</param>
    public Shortfall Plus(Shortfall other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Minutes + other.Minutes,
            IndicatorIds.Concat(other.IndicatorIds).Distinct(StringComparer.Ordinal).ToList(),
            Confirmations + other.Confirmations,
            Badges.Concat(other.Badges).Distinct(StringComparer.Ordinal).ToList(),
            PracticeHours + other.PracticeHours,
            PracticeEntries + other.PracticeEntries,
            PracticeMonths + other.PracticeMonths,
            PracticePhases.Concat(other.PracticePhases).Distinct().ToList(),
            EvidenceItems + other.EvidenceItems,
            NoBase || other.NoBase);
    }
}

/// <summary>The minute totals of one run for an attendance criterion (README §7.2).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Sessions">Counted sessions.</param>
/// <param name="DeliveredMinutes">D: scheduled minutes of the counted sessions.</param>
/// <param name="PresentMinutes">A: minutes present.</param>
/// <param name="JustifiedMinutes">J: minutes of justified absence.</param>
/// <param name="JustifiedAbsences">Number of sessions with a justified absence.</param>
/// <param name="AttendedMinutes">Minutes counted as attended under the criterion's justified-absence mode (A or A + J).</param>
/// <param name="BaseMinutes">The base of the share under that mode (D or D − J).</param>
/// <param name="Met">True if this run alone meets the criterion.</param>
public sealed record AttendanceRunTotals(
    string RunId, int Sessions, int DeliveredMinutes, int PresentMinutes, int JustifiedMinutes, int JustifiedAbsences,
    int AttendedMinutes, int BaseMinutes, bool Met)
{
    /// <summary>Unjustified absence D − A − J, in minutes.</summary>
    public int UnjustifiedMinutes => DeliveredMinutes - PresentMinutes - JustifiedMinutes;
}

/// <summary>
/// The evaluation of one criterion node.
/// </summary>
/// <param name="Criterion">The criterion evaluated.</param>
/// <param name="Met">True if it is met.</param>
/// <param name="Message">What was required and what was found, in Slovenian and English.</param>
/// <param name="Quantities">Each condition with its required and found value (for combinators: children met).</param>
/// <param name="RecordIds">Ids of the learner's records that count towards this criterion (for attendance: of the reported run).</param>
/// <param name="Children">Traces of the children (combinators only; empty for leaves).</param>
/// <param name="Shortfall">What is missing, machine-readable.</param>
/// <param name="Distance">
/// How far from met: 0 when met. A leaf's distance is the largest missing fraction of any of its conditions, in (0, 1]
/// (e.g. 2 h short of 40 h = 0.05; one of 8 indicators = 0.125; a missing badge or an empty base = 1). <c>all</c> adds its
/// children's distances, <c>any</c> takes the smallest, and <c>at_least n</c> adds the n smallest. Sorting by distance puts
/// near misses first.
/// </param>
/// <param name="Runs">For attendance: the totals of every run considered (the reported run first); empty otherwise.</param>
public sealed record CriterionTrace(
    Criterion Criterion,
    bool Met,
    LocalizedText Message,
    IReadOnlyList<TraceQuantity> Quantities,
    IReadOnlyList<string> RecordIds,
    IReadOnlyList<CriterionTrace> Children,
    Shortfall Shortfall,
    decimal Distance,
    IReadOnlyList<AttendanceRunTotals> Runs)
{
    /// <summary>This node's leaves, depth first (itself if it is a leaf).</summary>
    public IEnumerable<CriterionTrace> Leaves =>
        Children.Count == 0 ? [this] : Children.SelectMany(c => c.Leaves);
}
