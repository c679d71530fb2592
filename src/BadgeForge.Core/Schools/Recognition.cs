using System.Globalization;
using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Schools;

/// <summary>The part of the OIV (obvezne izbirne vsebine) or vocational programme a course belongs to.</summary>
public enum OivCategory
{
    /// <summary>Vsebine po dijakovi prosti izbiri (gimnazija OIV, free choice).</summary>
    ProstaIzbira,

    /// <summary>Prostovoljno socialno delo (voluntary social work, part of the free choice).</summary>
    ProstovoljnoSocialnoDelo,

    /// <summary>Interesne dejavnosti (vocational and technical programmes).</summary>
    InteresneDejavnosti,
}

/// <summary>A competence of a competency model (any version) at a minimum level.</summary>
/// <param name="ModelId">Model id, e.g. <c>initiative-leader</c>.</param>
/// <param name="CompetenceId">Competence id within the model.</param>
/// <param name="MinLevel">Lowest level that counts.</param>
public sealed record RequiredCompetence(string ModelId, string CompetenceId, int MinLevel);

/// <summary>
/// One way a school recognises outside badges for one course: "this badge, or these competences, give N hours".
/// Hours are in units of <see cref="HourMinutes"/> minutes (60-minute hours or 45-minute school hours).
/// </summary>
public abstract record RecognitionRule(Guid Id, Guid CourseId, decimal Hours, int HourMinutes)
{
    /// <summary>Credit in minutes.</summary>
    public int Minutes => SchoolHours.ToMinutes(Hours, HourMinutes);

    /// <summary>
    /// A given BadgeForge badge (<see cref="ModelVersion"/> set: that version only; null: any version, as equivalent),
    /// or another issuer's badge class by its URL.
    /// </summary>
    public sealed record Badge(Guid Id, Guid CourseId, decimal Hours, int HourMinutes,
        string? ModelId, string? ModelVersion, string? BadgeId, string? BadgeClassUrl)
        : RecognitionRule(Id, CourseId, Hours, HourMinutes);

    /// <summary>
    /// An attendance badge credited with the hours actually attended (from the issuer's attendance records), at most
    /// <see cref="RecognitionRule.Hours"/>. Matches like <see cref="Badge"/> (one version, or any with a null version).
    /// </summary>
    public sealed record AttendedHours(Guid Id, Guid CourseId, decimal Hours, int HourMinutes, string ModelId, string? ModelVersion, string BadgeId)
        : RecognitionRule(Id, CourseId, Hours, HourMinutes);

    /// <summary>A badge whose criteria guarantee every listed competence at least at its level.</summary>
    public sealed record Competences(Guid Id, Guid CourseId, decimal Hours, int HourMinutes, IReadOnlyList<RequiredCompetence> Required)
        : RecognitionRule(Id, CourseId, Hours, HourMinutes);
}

/// <summary>What is known about a verified, submitted badge.</summary>
/// <param name="BadgeClassUrl">The badge class URL from the assertion.</param>
/// <param name="ModelId">For BadgeForge badges: the competency model id.</param>
/// <param name="ModelVersion">For BadgeForge badges: the pinned model version.</param>
/// <param name="BadgeId">For BadgeForge badges: the badge id within the model.</param>
/// <param name="Competences">Competences (keyed "model/competence") the badge's criteria guarantee, with their levels.</param>
/// <param name="AttendedMinutes">For attendance badges whose attendance the issuer recorded here: the minutes attended.</param>
/// <param name="EquivalentBadges">For BadgeForge badges: the same badge in other model versions (and models), keyed
/// "model/badge", through the declared equivalences (see <see cref="WithEquivalents"/>).</param>
public sealed record SubmittedBadge(
    string? BadgeClassUrl, string? ModelId, string? ModelVersion, string? BadgeId, IReadOnlyDictionary<string, int> Competences,
    int? AttendedMinutes = null, IReadOnlySet<string>? EquivalentBadges = null)
{
    /// <summary>
    /// Adds what the badge and its competences are called in every other version of its model, and in models that
    /// declare an equivalence with it (competency-models/README.md §9): a competence certified by one version counts for a
    /// rule that names its equivalent in another. Ids correspond in either direction of a declared mapping (a newer version
    /// says its id means the same as the older one), and an unmapped id carries over within the same model.
    /// </summary>
    public SubmittedBadge WithEquivalents(CompetencyModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (ModelId is null || BadgeId is null || ModelVersion is null || !SemanticVersion.TryParse(ModelVersion, out var version))
        {
            return this;
        }
        var from = new ModelReference(ModelId, version);
        var competences = new Dictionary<string, int>(Competences, StringComparer.Ordinal);
        var badges = new HashSet<string>(StringComparer.Ordinal);
        var own = Competences.Where(c => c.Key.StartsWith(ModelId + "/", StringComparison.Ordinal))
            .Select(c => (Id: c.Key[(ModelId.Length + 1)..], Level: c.Value)).ToList();
        foreach (var other in catalog.Models.Where(m => m.Reference != from))
        {
            // What each of the other version's competences is called in the badge's version (the reverse direction).
            var backward = other.Competences.Select(c => (c.Id, Here: catalog.MapCompetenceId(other.Reference, c.Id, from))).ToList();
            foreach (var (id, level) in own)
            {
                var forward = catalog.MapCompetenceId(from, id, other.Reference);
                foreach (var match in backward.Where(c => c.Id == forward || c.Here == id))
                {
                    var key = $"{other.Id}/{match.Id}";
                    competences[key] = Math.Max(competences.GetValueOrDefault(key), level);
                }
            }
            var badge = catalog.MapBadgeId(from, BadgeId, other.Reference);
            foreach (var match in other.Badges.Where(b => b.Id == badge || catalog.MapBadgeId(other.Reference, b.Id, from) == BadgeId))
            {
                badges.Add($"{other.Id}/{match.Id}");
            }
        }
        return this with { Competences = competences, EquivalentBadges = badges };
    }

    /// <summary>Whether this is badge <paramref name="badgeId"/> of model <paramref name="modelId"/> in any version, by id or equivalence.</summary>
    public bool IsBadgeInAnyVersion(string? modelId, string? badgeId) =>
        ModelId is not null && modelId is not null
        && ((modelId == ModelId && badgeId == BadgeId) || EquivalentBadges?.Contains($"{modelId}/{badgeId}") == true);

    /// <summary>The attendance criteria anywhere in the badge's rule: which training (and module) its hours come from.</summary>
    public static IReadOnlyList<AttendanceCriterion> AttendanceCriteria(BadgeDefinition badge)
    {
        var result = new List<AttendanceCriterion>();
        void Walk(Criterion criterion)
        {
            switch (criterion)
            {
                case AllOf all: all.Items.ToList().ForEach(Walk); break;
                case AnyOf any: any.Items.ToList().ForEach(Walk); break;
                case AtLeast atLeast: atLeast.Items.ToList().ForEach(Walk); break;
                case AttendanceCriterion attendance: result.Add(attendance); break;
            }
        }
        Walk(badge.Criteria.Rule);
        return result;
    }

    /// <summary>
    /// The competences that every holder of <paramref name="badge"/> has shown: the competence criteria reachable
    /// through "all" (and through prerequisite badges). "any" and "at_least" guarantee none of their branches.
    /// </summary>
    public static IReadOnlyDictionary<string, int> GuaranteedCompetences(CompetencyModel model, BadgeDefinition badge)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(Criterion criterion)
        {
            switch (criterion)
            {
                case AllOf all:
                    foreach (var item in all.Items)
                    {
                        Walk(item);
                    }
                    break;
                case CompetenceCriterion c:
                    var key = $"{model.Id}/{c.CompetenceId}";
                    result[key] = Math.Max(result.GetValueOrDefault(key), c.MinLevel);
                    break;
                case BadgeCriterion b when seen.Add(b.BadgeId) && model.FindBadge(b.BadgeId) is { } prerequisite:
                    Walk(prerequisite.Criteria.Rule);
                    break;
            }
        }
        seen.Add(badge.Id);
        Walk(badge.Criteria.Rule);
        return result;
    }
}

/// <summary>A course of the school's catalogue and how much one student already has in it.</summary>
/// <param name="CourseId">Course id.</param>
/// <param name="Title">Course title.</param>
/// <param name="RequiredHours">Hours the course asks for, in the course's unit.</param>
/// <param name="HourMinutes">The course's hour length (45 or 60).</param>
/// <param name="MaxOutsidePercent">At most this share of <paramref name="RequiredHours"/> may come from outside activities.</param>
/// <param name="CreditedMinutes">Minutes the student has already been credited in this course.</param>
public sealed record CourseStanding(Guid CourseId, LocalizedText Title, decimal RequiredHours, int HourMinutes, int? MaxOutsidePercent, int CreditedMinutes)
{
    /// <summary>The cap on outside credit in minutes, or null without a cap.</summary>
    public int? CapMinutes => MaxOutsidePercent is { } percent
        ? (int)Math.Floor(RequiredHours * HourMinutes * percent / 100m)
        : null;
}

/// <summary>A rule that matched, with the minutes it would credit after the cap.</summary>
public sealed record RuleMatch(RecognitionRule Rule, int RuleMinutes, int CreditMinutes);

/// <summary>The outcome of matching a badge against a catalogue, with the reasons in both languages.</summary>
/// <param name="Matches">Every matching rule, best first.</param>
/// <param name="Best">The match that would be credited, or null.</param>
/// <param name="Explanations">Why: overlaps, caps, no match.</param>
public sealed record RecognitionProposal(IReadOnlyList<RuleMatch> Matches, RuleMatch? Best, IReadOnlyList<LocalizedText> Explanations);

/// <summary>School years, written "2026/27"; a year starts on 1 September.</summary>
public static class SchoolYears
{
    /// <summary>How a school year is written, as a regular expression (request validation uses the same rule as <see cref="IsValid"/>).</summary>
    public const string Pattern = "^[0-9]{4}/[0-9]{2}$";

    /// <summary>What to tell someone who wrote a school year otherwise.</summary>
    public const string Hint = "Write the school year as 2026/27.";

    /// <summary>What to tell someone who gave a school year in a query string otherwise.</summary>
    public const string QueryHint = "Give the school year as ?schoolYear=2026/27.";

    private static readonly System.Text.RegularExpressions.Regex Written = new(Pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Whether <paramref name="year"/> is written as "2026/27": <see cref="Pattern"/>, matched by the whole string.</summary>
    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? year) =>
        // The length rules out the line break that "$" would let through, as request validation does.
        year is { Length: 7 } && Written.IsMatch(year);

    /// <summary>The school year that <paramref name="utcNow"/> falls in (from 1 September to 31 August).</summary>
    public static string Current(DateTime utcNow)
    {
        var start = utcNow.Month >= 9 ? utcNow.Year : utcNow.Year - 1;
        return $"{start}/{(start + 1) % 100:00}";
    }
}

/// <summary>Hour arithmetic: everything is stored in minutes so that 45- and 60-minute hours never mix silently.</summary>
public static class SchoolHours
{
    /// <summary>The hour lengths schools use: school hours (45) and clock hours (60).</summary>
    public static readonly IReadOnlyList<int> HourLengths = [45, 60];

    /// <summary>Minutes of <paramref name="hours"/> hours of <paramref name="hourMinutes"/> minutes, rounded to the minute.</summary>
    public static int ToMinutes(decimal hours, int hourMinutes) => (int)Math.Round(hours * hourMinutes, MidpointRounding.AwayFromZero);

    /// <summary>Minutes as hours of <paramref name="hourMinutes"/> minutes, rounded down to a hundredth (never over-credits).</summary>
    public static decimal ToHours(int minutes, int hourMinutes) => Math.Floor(minutes * 100m / hourMinutes) / 100m;

    /// <summary>"10" or "7,5" (Slovenian) / "7.5" (English), without trailing zeros.</summary>
    public static string Format(decimal hours, string language) =>
        hours.ToString("0.##", CultureInfo.GetCultureInfo(language == "en" ? "en" : "sl"));
}

/// <summary>Matches a submitted badge against a school's recognition rules, applying caps and explaining overlaps.</summary>
public static class RecognitionMatcher
{
    /// <summary>Whether <paramref name="rule"/> recognises <paramref name="badge"/>.</summary>
    public static bool Matches(RecognitionRule rule, SubmittedBadge badge) => rule switch
    {
        RecognitionRule.Badge { BadgeClassUrl: { } url } => string.Equals(url, badge.BadgeClassUrl, StringComparison.Ordinal),
        RecognitionRule.Badge b => b.ModelVersion is null
            ? badge.IsBadgeInAnyVersion(b.ModelId, b.BadgeId)
            : b.ModelId == badge.ModelId && b.BadgeId == badge.BadgeId && b.ModelVersion == badge.ModelVersion,
        RecognitionRule.AttendedHours a => badge.AttendedMinutes > 0 && (a.ModelVersion is null
            ? badge.IsBadgeInAnyVersion(a.ModelId, a.BadgeId)
            : a.ModelId == badge.ModelId && a.BadgeId == badge.BadgeId && a.ModelVersion == badge.ModelVersion),
        RecognitionRule.Competences c => c.Required.Count > 0 && c.Required.All(r =>
            badge.Competences.TryGetValue($"{r.ModelId}/{r.CompetenceId}", out var level) && level >= r.MinLevel),
        _ => false,
    };

    /// <summary>
    /// Every matching rule with its credit after the course's cap, the best one (most credited minutes; a tie goes to the
    /// rule listed first), and explanations. Rules of courses missing from <paramref name="courses"/> never match.
    /// </summary>
    public static RecognitionProposal Propose(SubmittedBadge badge, IReadOnlyList<RecognitionRule> rules, IReadOnlyList<CourseStanding> courses)
    {
        var byId = courses.ToDictionary(c => c.CourseId);
        var matches = rules
            .Where(r => byId.ContainsKey(r.CourseId) && Matches(r, badge))
            .Select(r => (Rule: r, Minutes: RuleMinutes(r, badge)))
            .Select(x => new RuleMatch(x.Rule, x.Minutes, CreditAfterCap(x.Minutes, byId[x.Rule.CourseId])))
            .OrderByDescending(m => m.CreditMinutes)
            .ToList();
        var explanations = new List<LocalizedText>();
        if (matches.Count == 0)
        {
            explanations.Add(rules.OfType<RecognitionRule.AttendedHours>().Any(a => a.ModelId == badge.ModelId && a.BadgeId == badge.BadgeId)
                ? new("Šola priznava ure prisotnosti na tej znački, a izdajatelj v BadgeForge nima zapisane prisotnosti.",
                    "The school credits attended hours for this badge, but the issuer has recorded no attendance in BadgeForge.")
                : new("Nobeno pravilo šole ne prizna te značke.", "None of the school's rules recognises this badge."));
            return new RecognitionProposal(matches, null, explanations);
        }
        var best = matches[0];
        if (matches.Count > 1)
        {
            explanations.Add(new(
                $"Ujema se {matches.Count} pravil; značka se šteje le enkrat, zato velja tisto z največ urami ({Title(byId, best).Sl}).",
                $"{matches.Count} rules match; a badge counts only once, so the one giving the most hours applies ({Title(byId, best).En})."));
        }
        foreach (var m in matches.Where(m => m.CreditMinutes < m.RuleMinutes))
        {
            var course = byId[m.Rule.CourseId];
            var cap = SchoolHours.ToHours(course.CapMinutes ?? 0, course.HourMinutes);
            var credit = SchoolHours.ToHours(m.CreditMinutes, course.HourMinutes);
            explanations.Add(new(
                $"{course.Title.Sl}: zunanje dejavnosti lahko dajo največ {SchoolHours.Format(cap, "sl")} ur ({course.MaxOutsidePercent} %); priznanih je {SchoolHours.Format(credit, "sl")} ur.",
                $"{course.Title.En}: outside activities may give at most {SchoolHours.Format(cap, "en")} hours ({course.MaxOutsidePercent} %); {SchoolHours.Format(credit, "en")} hours are credited."));
        }
        return new RecognitionProposal(matches, best.CreditMinutes > 0 ? best : null, explanations);
    }

    /// <summary>What a matching rule gives: its fixed credit, or the attended minutes up to its maximum.</summary>
    public static int RuleMinutes(RecognitionRule rule, SubmittedBadge badge) => rule is RecognitionRule.AttendedHours
        ? Math.Min(badge.AttendedMinutes ?? 0, rule.Minutes)
        : rule.Minutes;

    /// <summary>The minutes of <paramref name="ruleMinutes"/> that still fit under the course's cap.</summary>
    public static int CreditAfterCap(int ruleMinutes, CourseStanding course) =>
        course.CapMinutes is { } cap ? Math.Clamp(cap - course.CreditedMinutes, 0, ruleMinutes) : ruleMinutes;

    private static LocalizedText Title(Dictionary<Guid, CourseStanding> courses, RuleMatch match) => courses[match.Rule.CourseId].Title;
}
