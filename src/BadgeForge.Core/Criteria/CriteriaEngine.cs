using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Criteria;

/// <summary>
/// Evaluates badge criteria (competency-models/README.md §7) for one learner against their records at one instant.
/// Pure: no clock, no I/O; the same inputs always give the same result.
/// </summary>
/// <remarks>
/// Decisions where the README leaves room (each is also documented where it applies):
/// <list type="bullet">
/// <item><b>Records dated after <c>asOf</c> never count.</b> §7.2 says so for sessions; the engine applies it to awards
/// (issued), confirmations (recorded), practice entries (start) and evidence (submitted) too, reading "without a window,
/// all records count" as all records up to <c>asOf</c>, so an evaluation at a past instant shows what was true then.</item>
/// <item><b>Id mapping across versions</b> (§4.2, §7.4, §9) uses <see cref="CompetencyModelCatalog.MapCompetenceId"/> and
/// <see cref="CompetencyModelCatalog.MapBadgeId"/> when a catalog is passed; without one only a single step is possible
/// (<see cref="CompetencyModel.EquivalentCompetenceId"/>). Pass the catalog in production.</item>
/// <item><b>Awards of another model</b> count for a <c>badge</c> rule when the evaluated model declares an equivalence for
/// them: §9 allows declarations from other models, although §7.4 says "of this model".</item>
/// <item><b>Issuer scope</b> ("one issuer's records", "from the same issuer", "at the issuer") is the caller's job: pass only
/// that issuer's records, with each assessor's, confirmer's and reviewer's role at that issuer.</item>
/// <item><b>Attendance:</b> a justified absence without a reason is unjustified (§7.2 "recorded with a reason"); a session
/// recorded twice counts once; enrolment periods are inclusive at both ends and a run without an enrolment period counts
/// nothing; when several runs exist the trace reports the run that meets the rule, else the one closest to it.</item>
/// <item><b>Practice months</b> compare UTC calendar dates (§7.5 speaks of start and end dates), while windows (§7.8) compare
/// instants, exactly <c>asOf.UtcDateTime.AddMonths(-N)</c>.</item>
/// <item><b>Evidence</b> accepted by the learner themself does not count (§7.6 does not say it; §4.2 and §7.5 exclude the
/// learner everywhere else).</item>
/// <item>Rules are assumed to satisfy the parser's invariants; a rule built in code without any amount (no <c>min_hours</c>
/// nor <c>min_share</c>, no practice amount) is met only by some attendance or one confirmed entry, never by nothing.</item>
/// </list>
/// </remarks>
public static class CriteriaEngine
{
    /// <summary>Evaluates <paramref name="badge"/>'s criteria rule (not its renewal rule).</summary>
    /// <param name="model">The model version the badge belongs to.</param>
    /// <param name="badge">The badge definition.</param>
    /// <param name="records">The learner's records at the issuer.</param>
    /// <param name="asOf">The evaluation instant <c>now</c>; windows count back from it.</param>
    /// <param name="catalog">All model versions, for mapping records of earlier versions; null for single-step mapping.</param>
    public static CriteriaResult Evaluate(
        CompetencyModel model, BadgeDefinition badge, LearnerRecords records, DateTimeOffset asOf, CompetencyModelCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(badge);
        return EvaluateRule(model, badge.Criteria.Rule, records, asOf, catalog);
    }

    /// <summary>
    /// Evaluates what renewing an award of <paramref name="badge"/> at <paramref name="renewedAt"/> requires (README §8):
    /// the renewal rule if the badge has one, otherwise its full criteria. Renewal is allowed at any time, including
    /// after expiry, so the current award's state is not checked here.
    /// </summary>
    /// <param name="model">The model version the badge belongs to.</param>
    /// <param name="badge">The badge definition.</param>
    /// <param name="records">The learner's records at the issuer.</param>
    /// <param name="renewedAt">The renewal instant; windows count back from it.</param>
    /// <param name="catalog">All model versions, for mapping records of earlier versions; null for single-step mapping.</param>
    public static CriteriaResult EvaluateRenewal(
        CompetencyModel model, BadgeDefinition badge, LearnerRecords records, DateTimeOffset renewedAt, CompetencyModelCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(badge);
        return EvaluateRule(model, (badge.Validity.Renewal ?? badge.Criteria).Rule, records, renewedAt, catalog);
    }

    /// <summary>Evaluates any criteria tree of <paramref name="model"/>.</summary>
    /// <param name="model">The model version the rule belongs to.</param>
    /// <param name="rule">The criteria tree.</param>
    /// <param name="records">The learner's records at the issuer.</param>
    /// <param name="asOf">The evaluation instant.</param>
    /// <param name="catalog">All model versions, for mapping records of earlier versions; null for single-step mapping.</param>
    public static CriteriaResult EvaluateRule(
        CompetencyModel model, Criterion rule, LearnerRecords records, DateTimeOffset asOf, CompetencyModelCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(records);
        var root = new Evaluator(model, records, asOf, catalog).Evaluate(rule);
        return new CriteriaResult(root.Met, root);
    }

    /// <summary>
    /// When an award made at <paramref name="awardedAt"/> expires (README §8: <c>awardedAt.AddMonths(N)</c> in UTC), or null
    /// if the badge never expires. The award is valid while <c>now &lt;</c> this instant.
    /// </summary>
    /// <param name="validity">The badge's validity.</param>
    /// <param name="awardedAt">The award or renewal instant.</param>
    public static DateTimeOffset? ExpiryOf(Validity validity, DateTimeOffset awardedAt)
    {
        ArgumentNullException.ThrowIfNull(validity);
        return validity.Months is { } months
            ? new DateTimeOffset(awardedAt.UtcDateTime.AddMonths(months), TimeSpan.Zero)
            : null;
    }

    /// <summary>
    /// The start of a <c>window_months</c> window ending at <paramref name="asOf"/> (README §7.8): <c>asOf − N</c> calendar
    /// months in UTC with <see cref="DateTime.AddMonths"/> semantics. Records dated in [start, asOf] count.
    /// </summary>
    /// <param name="asOf">The evaluation instant.</param>
    /// <param name="months">N.</param>
    public static DateTimeOffset WindowStart(DateTimeOffset asOf, int months) =>
        new(asOf.UtcDateTime.AddMonths(-months), TimeSpan.Zero);
}
