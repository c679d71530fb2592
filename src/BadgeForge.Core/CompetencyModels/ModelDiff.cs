using System.Globalization;

namespace BadgeForge.Core.CompetencyModels;

/// <summary>How a competence or badge differs between two model versions.</summary>
public enum ChangeKind
{
    /// <summary>Only in the newer version.</summary>
    Added,
    /// <summary>Only in the older version (and not mapped by an equivalence).</summary>
    Removed,
    /// <summary>Same id in both, with differences listed in <see cref="ModelChange.Details"/>.</summary>
    Changed,
    /// <summary>Mapped to a different id by an equivalence the newer version declares; details may list further differences.</summary>
    Renamed,
}

/// <summary>One difference between two versions.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Id">The id in the newer version (for <see cref="ChangeKind.Removed"/>, the older id).</param>
/// <param name="PreviousId">The id in the older version; null for <see cref="ChangeKind.Added"/>.</param>
/// <param name="Details">Short English phrases naming what differs, e.g. "title", "level 2: indicator 2b added".</param>
public sealed record ModelChange(ChangeKind Kind, string Id, string? PreviousId, IReadOnlyList<string> Details);

/// <summary>The competences and badges added, removed, renamed or changed between two versions. Pure and order-stable.</summary>
/// <param name="From">The older version.</param>
/// <param name="To">The newer version.</param>
/// <param name="Competences">Competence changes: older order first, then additions in newer order.</param>
/// <param name="Badges">Badge changes, ordered the same way.</param>
public sealed record ModelDiff(ModelReference From, ModelReference To, IReadOnlyList<ModelChange> Competences, IReadOnlyList<ModelChange> Badges)
{
    /// <summary>True if neither competences nor badges differ.</summary>
    public bool IsEmpty => Competences.Count == 0 && Badges.Count == 0;

    /// <summary>
    /// Compares <paramref name="older"/> with <paramref name="newer"/>. Ids are paired through the equivalences
    /// <paramref name="newer"/> declares for <paramref name="older"/>, otherwise by equal id.
    /// </summary>
    public static ModelDiff Compare(CompetencyModel older, CompetencyModel newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var competences = Pair(older.Competences.ToList(), newer.Competences.ToList(), c => c.Id,
            id => newer.EquivalentCompetenceId(older.Reference, id), CompetenceDetails(older, newer));
        var badges = Pair(older.Badges, newer.Badges, b => b.Id,
            id => newer.EquivalentBadgeId(older.Reference, id), BadgeDetails);
        return new ModelDiff(older.Reference, newer.Reference, competences, badges);
    }

    private static List<ModelChange> Pair<T>(
        IReadOnlyList<T> older, IReadOnlyList<T> newer, Func<T, string> id, Func<string, string?> map, Func<T, T, List<string>> details)
    {
        var changes = new List<ModelChange>();
        var newById = newer.ToDictionary(id, StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var old in older)
        {
            var oldId = id(old);
            var newId = map(oldId);
            if (newId is null || !newById.TryGetValue(newId, out var current))
            {
                changes.Add(new ModelChange(ChangeKind.Removed, oldId, oldId, []));
                continue;
            }
            matched.Add(newId);
            var differences = details(old, current);
            if (newId != oldId)
            {
                changes.Add(new ModelChange(ChangeKind.Renamed, newId, oldId, differences));
            }
            else if (differences.Count > 0)
            {
                changes.Add(new ModelChange(ChangeKind.Changed, newId, oldId, differences));
            }
        }
        changes.AddRange(newer.Where(n => !matched.Contains(id(n))).Select(n => new ModelChange(ChangeKind.Added, id(n), null, [])));
        return changes;
    }

    private static Func<Competence, Competence, List<string>> CompetenceDetails(CompetencyModel older, CompetencyModel newer) => (a, b) =>
    {
        var details = new List<string>();
        if (a.Title != b.Title) details.Add("title");
        if (a.Description != b.Description) details.Add("description");
        if (AreaOf(older, a.Id) != AreaOf(newer, b.Id)) details.Add("area");
        if (!a.Alignments.Select(AlignmentKey).SequenceEqual(b.Alignments.Select(AlignmentKey))) details.Add("alignments");
        foreach (var level in a.Levels.Select(l => l.Level).Union(b.Levels.Select(l => l.Level)).Order())
        {
            var left = a.Levels.FirstOrDefault(l => l.Level == level);
            var right = b.Levels.FirstOrDefault(l => l.Level == level);
            if (left is null || right is null)
            {
                details.Add($"level {level} {(left is null ? "added" : "removed")}");
                continue;
            }
            foreach (var indicator in left.Indicators.Select(i => i.Id).Union(right.Indicators.Select(i => i.Id)))
            {
                var l = left.Indicators.FirstOrDefault(i => i.Id == indicator);
                var r = right.Indicators.FirstOrDefault(i => i.Id == indicator);
                if (l is null) details.Add($"level {level}: indicator {indicator} added");
                else if (r is null) details.Add($"level {level}: indicator {indicator} removed");
                else if (l.Text != r.Text) details.Add($"level {level}: indicator {indicator} reworded");
            }
        }
        return details;
    };

    private static string? AreaOf(CompetencyModel model, string competenceId) =>
        model.Areas.FirstOrDefault(a => a.Competences.Any(c => c.Id == competenceId))?.Id;

    private static List<string> BadgeDetails(BadgeDefinition a, BadgeDefinition b)
    {
        var details = new List<string>();
        if (a.Kind != b.Kind) details.Add("kind");
        if (a.Title != b.Title) details.Add("title");
        if (a.Description != b.Description) details.Add("description");
        if (a.AchievementType != b.AchievementType) details.Add("achievement type");
        if (a.Criteria.Narrative != b.Criteria.Narrative) details.Add("criteria narrative");
        if (CriterionFormatter.Format(a.Criteria.Rule) != CriterionFormatter.Format(b.Criteria.Rule)) details.Add("criteria rule");
        if (a.Validity.Months != b.Validity.Months
            || a.Validity.Renewal?.Narrative != b.Validity.Renewal?.Narrative
            || Format(a.Validity.Renewal) != Format(b.Validity.Renewal))
        {
            details.Add("validity");
        }
        if (!a.Alignments.Select(AlignmentKey).SequenceEqual(b.Alignments.Select(AlignmentKey))) details.Add("alignments");
        return details;
    }

    private static string? Format(BadgeCriteria? criteria) => criteria is null ? null : CriterionFormatter.Format(criteria.Rule);

    private static string AlignmentKey(Alignment a) => $"{a.Framework.Id}|{a.Framework.Version}|{a.Code}|{a.TargetUri}|{a.TargetName}";
}

/// <summary>A canonical one-line rendering of a criteria tree, used to compare rules and in logs.</summary>
public static class CriterionFormatter
{
    /// <summary>Renders <paramref name="criterion"/> in the YAML's own vocabulary, e.g. <c>all(badge(a), competence(x, min_level=2))</c>.</summary>
    public static string Format(Criterion criterion) => criterion switch
    {
        AllOf all => $"all({string.Join(", ", all.Items.Select(Format))})",
        AnyOf any => $"any({string.Join(", ", any.Items.Select(Format))})",
        AtLeast atLeast => $"at_least({atLeast.Count} of {string.Join(", ", atLeast.Items.Select(Format))})",
        AttendanceCriterion a => "attendance(" + Join(
            $"training={a.TrainingId}", a.ModuleId is null ? null : $"module={a.ModuleId}", $"mode={Snake(a.Mode)}",
            a.MinHours is null ? null : $"min_hours={Number(a.MinHours.Value)}", a.MinShare is null ? null : $"min_share={Number(a.MinShare.Value)}",
            $"justified_absence={Snake(a.JustifiedAbsence)}", a.WindowMonths is null ? null : $"window_months={a.WindowMonths}") + ")",
        CompetenceCriterion c => $"competence({c.CompetenceId}, min_level={c.MinLevel})",
        BadgeCriterion b => $"badge({b.BadgeId}{(b.MustBeValid ? ", must_be_valid" : "")})",
        PracticeCriterion p => "practice(" + Join(
            $"kind={p.Kind}", p.MinHours is null ? null : $"min_hours={Number(p.MinHours.Value)}",
            p.MinEntries is null ? null : $"min_entries={p.MinEntries}", p.MinMonths is null ? null : $"min_months={p.MinMonths}",
            p.Phases.Count == 0 ? null : $"phases=[{string.Join(", ", p.Phases.Select(Snake))}]", $"confirmed_by={Snake(p.ConfirmedBy)}",
            p.WindowMonths is null ? null : $"window_months={p.WindowMonths}") + ")",
        EvidenceCriterion e => "evidence(" + Join(
            $"kind={e.Kind}", $"min_count={e.MinCount}", e.ReviewedBy is null ? null : $"reviewed_by={Snake(e.ReviewedBy.Value)}",
            e.WindowMonths is null ? null : $"window_months={e.WindowMonths}") + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion.GetType().Name, "Unknown criterion kind."),
    };

    private static string Join(params string?[] parts) => string.Join(", ", parts.Where(p => p is not null));

    private static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Snake<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
