using System.Globalization;

namespace BadgeForge.Core.CompetencyModels;

/// <summary>
/// Turns a criteria tree into sentences people read on a badge (Open Badges <c>criteria.narrative</c>), in Slovenian
/// and English, naming trainings, modules and competences by their titles rather than their ids.
/// </summary>
public static class CriteriaNarrative
{
    /// <summary>The tree as a Markdown list, one line per leaf, nested under combinators.</summary>
    /// <param name="model">The model the criterion belongs to (for titles).</param>
    /// <param name="criterion">The criteria tree.</param>
    public static LocalizedText Describe(CompetencyModel model, Criterion criterion)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(criterion);
        return new LocalizedText(Render(model, criterion, "sl", 0), Render(model, criterion, "en", 0));
    }

    private static string Render(CompetencyModel model, Criterion criterion, string lang, int depth)
    {
        var indent = new string(' ', depth * 2);
        return criterion switch
        {
            AllOf all => Group(model, lang, depth, all.Items, T(lang, "Izpolnjeno vse:", "All of:")),
            AnyOf any => Group(model, lang, depth, any.Items, T(lang, "Izpolnjeno vsaj eno:", "Any of:")),
            AtLeast atLeast => Group(model, lang, depth, atLeast.Items,
                T(lang, $"Izpolnjenih vsaj {atLeast.Count} od {atLeast.Items.Count}:", $"At least {atLeast.Count} of {atLeast.Items.Count}:")),
            _ => indent + "- " + Leaf(model, criterion, lang),
        };
    }

    private static string Group(CompetencyModel model, string lang, int depth, IReadOnlyList<Criterion> items, string heading) =>
        new string(' ', depth * 2) + "- " + heading + "\n" + string.Join("\n", items.Select(i => Render(model, i, lang, depth + 1)));

    private static string Leaf(CompetencyModel model, Criterion criterion, string lang) => criterion switch
    {
        AttendanceCriterion a => Attendance(model, a, lang),
        CompetenceCriterion c => T(lang,
            $"kompetenca »{CompetenceTitle(model, c.CompetenceId, lang)}« vsaj na ravni {c.MinLevel}, potrjena z opazovanimi kazalniki",
            $"competence “{CompetenceTitle(model, c.CompetenceId, lang)}” at level {c.MinLevel} or higher, confirmed by its observable indicators"),
        BadgeCriterion b => T(lang,
            $"značka »{model.FindBadge(b.BadgeId)?.Title.In(lang) ?? b.BadgeId}«{(b.MustBeValid ? ", ki je še veljavna" : "")}",
            $"the badge “{model.FindBadge(b.BadgeId)?.Title.In(lang) ?? b.BadgeId}”{(b.MustBeValid ? ", still valid" : "")}"),
        PracticeCriterion p => Practice(p, lang),
        EvidenceCriterion e => T(lang,
            $"vsaj {e.MinCount} sprejetih dokazil vrste »{e.Kind}«{Window(e.WindowMonths, lang)}",
            $"at least {e.MinCount} accepted evidence item(s) of kind “{e.Kind}”{Window(e.WindowMonths, lang)}"),
        _ => criterion.GetType().Name,
    };

    private static string Attendance(CompetencyModel model, AttendanceCriterion a, string lang)
    {
        var training = model.FindTraining(a.TrainingId);
        var scope = a.ModuleId is not null && training?.FindModule(a.ModuleId) is { } module
            ? T(lang, $"modula »{module.Title.In(lang)}« usposabljanja »{training.Title.In(lang)}«", $"module “{module.Title.In(lang)}” of the training “{training.Title.In(lang)}”")
            : T(lang, $"usposabljanja »{training?.Title.In(lang) ?? a.TrainingId}«", $"the training “{training?.Title.In(lang) ?? a.TrainingId}”");
        var kind = a.Mode switch
        {
            AttendanceMode.Group => T(lang, "skupinskih ur", "group hours"),
            AttendanceMode.Individual => T(lang, "individualnih ur", "individual hours"),
            _ => T(lang, "ur", "hours"),
        };
        var parts = new List<string>();
        if (a.MinHours is { } hours)
        {
            parts.Add(T(lang, $"vsaj {Number(hours)} {kind} {scope}", $"at least {Number(hours)} {kind} of {scope}"));
        }
        if (a.MinShare is { } share)
        {
            parts.Add(T(lang, $"prisotnost na vsaj {Number(share * 100)} % {kind} {scope}", $"attendance of at least {Number(share * 100)} % of the {kind} of {scope}"));
        }
        var absences = a.JustifiedAbsence switch
        {
            JustifiedAbsenceMode.ExcludeFromBase => T(lang, "opravičene odsotnosti se ne štejejo v osnovo", "justified absences are left out of the base"),
            JustifiedAbsenceMode.CountAsAttended => T(lang, "opravičene odsotnosti štejejo kot prisotnost", "justified absences count as attended"),
            _ => T(lang, "opravičene odsotnosti štejejo kot odsotnost", "justified absences count as absent"),
        };
        return string.Join(T(lang, " in ", " and "), parts) + $" ({absences}){Window(a.WindowMonths, lang)}";
    }

    private static string Practice(PracticeCriterion p, string lang)
    {
        var parts = new List<string>();
        if (p.MinHours is { } hours)
        {
            parts.Add(T(lang, $"vsaj {Number(hours)} ur", $"at least {Number(hours)} hours"));
        }
        if (p.MinEntries is { } entries)
        {
            parts.Add(T(lang, $"vsaj {entries} vpisov", $"at least {entries} entries"));
        }
        if (p.MinMonths is { } months)
        {
            parts.Add(T(lang, $"v obdobju vsaj {months} mesecev", $"over at least {months} months"));
        }
        var phases = p.Phases.Count == 0 ? "" : T(lang,
            $", ki pokrivajo faze {string.Join(", ", p.Phases.Select(ph => PhaseSl(ph)))}",
            $", covering the phases {string.Join(", ", p.Phases.Select(ph => ph.ToString().ToLowerInvariant()))}");
        return T(lang, $"potrjena praksa »{p.Kind}«: ", $"confirmed practice “{p.Kind}”: ") + string.Join(", ", parts) + phases + Window(p.WindowMonths, lang);
    }

    private static string PhaseSl(PracticePhase phase) => phase switch
    {
        PracticePhase.Planning => "načrtovanje",
        PracticePhase.Implementation => "izvedba",
        _ => "evalvacija",
    };

    private static string Window(int? months, string lang) =>
        months is null ? "" : T(lang, $", v zadnjih {months} mesecih", $", within the last {months} months");

    private static string CompetenceTitle(CompetencyModel model, string id, string lang) => model.FindCompetence(id)?.Title.In(lang) ?? id;

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string T(string lang, string sl, string en) => lang == "en" ? en : sl;
}
