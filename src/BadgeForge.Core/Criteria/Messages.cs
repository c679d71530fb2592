using System.Globalization;
using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Criteria;

/// <summary>The bilingual trace messages. Slovenian phrasing avoids inflected verbs where the number varies.</summary>
internal static class Messages
{
    public static LocalizedText AttendanceScope(AttendanceCriterion c, TrainingDefinition? training, TrainingModule? module) =>
        module?.Title
        ?? (c.ModuleId is null ? training?.Title : null)
        ?? new LocalizedText(
            c.ModuleId is null ? c.TrainingId : $"{c.TrainingId}/{c.ModuleId}",
            c.ModuleId is null ? c.TrainingId : $"{c.TrainingId}/{c.ModuleId}");

    public static LocalizedText NotEnrolled(LocalizedText scope, int? windowMonths) =>
        new LocalizedText($"{scope.Sl}: ni vpisa v nobeno izvedbo", $"{scope.En}: not enrolled in any run")
            .Append(Window(windowMonths));

    public static LocalizedText Attendance(LocalizedText scope, AttendanceCriterion c, AttendanceRunTotals run, bool showRun)
    {
        var (modeSl, modeEn) = c.Mode switch
        {
            AttendanceMode.Group => (" skupinskega dela", "group "),
            AttendanceMode.Individual => (" individualnega dela", "individual "),
            _ => ("", ""),
        };
        LocalizedText text;
        if (c.MinShare is null)
        {
            var hours = c.MinHours ?? 0m;
            text = new LocalizedText(
                    $"{scope.Sl}: {Hours(run.AttendedMinutes, Sl)} od zahtevanih {Number(hours, 2, Sl)} ur{modeSl}",
                    $"{scope.En}: {Hours(run.AttendedMinutes, En)} of the required {Number(hours, 2, En)} {modeEn}{(hours == 1m ? "hour" : "hours")}")
                .Append(JustifiedNote(c, run));
        }
        else if (run.DeliveredMinutes <= 0)
        {
            text = new($"{scope.Sl}: še ni izvedenih ur{modeSl}; deleža ni mogoče izračunati",
                $"{scope.En}: no {modeEn}hours delivered yet; the share is undefined");
        }
        else
        {
            // "Module I: 38 of 48 group hours; 2 justified absences excluded from the base; 95 % of 40 h (80 % required)"
            text = new LocalizedText(
                    $"{scope.Sl}: {Hours(run.AttendedMinutes, Sl)} od {Hours(run.DeliveredMinutes, Sl)} ur{modeSl}",
                    $"{scope.En}: {Hours(run.AttendedMinutes, En)} of {Hours(run.DeliveredMinutes, En)} {modeEn}hours")
                .Append(JustifiedNote(c, run));
            var share = c.MinShare.Value * 100m;
            var required = new LocalizedText($"zahtevano {Number(share, 2, Sl)} %", $"{Number(share, 2, En)} % required");
            if (c.MinHours is { } h)
            {
                required = required.Append(new($", vsaj {Number(h, 2, Sl)} ur", $", at least {Number(h, 2, En)} h"));
            }
            if (run.BaseMinutes <= 0)
            {
                text = text.Append(new("; osnova je 0 ur, deleža ni mogoče izračunati", "; the base is 0 h, so the share is undefined"));
            }
            else
            {
                var percent = (decimal)run.AttendedMinutes * 100m / run.BaseMinutes;
                var ofBase = run.BaseMinutes != run.DeliveredMinutes;
                text = text.Append(new(
                    $"; {Number(percent, 1, Sl)} %{(ofBase ? $" od {Hours(run.BaseMinutes, Sl)} ur" : "")}",
                    $"; {Number(percent, 1, En)} %{(ofBase ? $" of {Hours(run.BaseMinutes, En)} h" : "")}"));
            }
            text = text.Append(new($" ({required.Sl})", $" ({required.En})"));
        }
        if (showRun)
        {
            text = text.Append(new($" (izvedba {run.RunId})", $" (run {run.RunId})"));
        }
        return text.Append(Window(c.WindowMonths));
    }

    private static LocalizedText JustifiedNote(AttendanceCriterion c, AttendanceRunTotals run)
    {
        var n = run.JustifiedAbsences;
        if (n == 0)
        {
            return new("", "");
        }
        var noun = Sl4(n, "opravičena odsotnost", "opravičeni odsotnosti", "opravičene odsotnosti", "opravičenih odsotnosti");
        var absences = n == 1 ? "absence" : "absences";
        return c.JustifiedAbsence switch
        {
            JustifiedAbsenceMode.ExcludeFromBase => new(
                $"; {n} {noun} {Sl4(n, "izločena", "izločeni", "izločene", "izločenih")} iz osnove",
                $"; {n} justified {absences} excluded from the base"),
            JustifiedAbsenceMode.CountAsAttended => new(
                $"; {n} {noun} {Sl4(n, "šteta", "šteti", "štete", "štetih")} kot prisotnost",
                $"; {n} justified {absences} counted as attended"),
            _ => new(
                $"; {n} {noun} {Sl4(n, "šteta", "šteti", "štete", "štetih")} kot odsotnost",
                $"; {n} justified {absences} counted as absent"),
        };
    }

    public static LocalizedText UnknownCompetence(CompetenceCriterion c, Competence? competence) =>
        competence is null
            ? new($"Kompetenca {c.CompetenceId} ni v modelu", $"Competence {c.CompetenceId} is not in the model")
            : new($"{competence.Title.Sl}: raven {c.MinLevel} za to kompetenco ni določena",
                $"{competence.Title.En}: level {c.MinLevel} is not defined for this competence");

    public static LocalizedText Competence(
        Competence competence, int level, int confirmed, int total, IReadOnlyList<string> missing, int minConfirmations)
    {
        var text = new LocalizedText(
            $"{competence.Title.Sl}, raven {level}: potrjenih {confirmed} od {total} kazalnikov",
            $"{competence.Title.En}, level {level}: {confirmed} of {total} indicators confirmed");
        if (minConfirmations > 1)
        {
            text = text.Append(new($" (vsak potrdijo vsaj {minConfirmations} različni ocenjevalci)",
                $" (each by at least {minConfirmations} distinct assessors)"));
        }
        if (missing.Count > 0)
        {
            var list = string.Join(", ", missing);
            text = text.Append(new($"; manjka: {list}", $"; missing: {list}"));
        }
        return text;
    }

    public static LocalizedText Badge(BadgeCriterion c, LocalizedText? title, bool met, bool expired)
    {
        var name = title ?? new LocalizedText(c.BadgeId, c.BadgeId);
        return met
            ? new($"Predpogoj {name.Sl}: pridobljen", $"Prerequisite {name.En}: held")
            : expired
                ? new($"Predpogoj {name.Sl}: pridobljen, a ni več veljaven", $"Prerequisite {name.En}: held but no longer valid")
                : new($"Predpogoj {name.Sl}: ni pridobljen", $"Prerequisite {name.En}: not held");
    }

    public static LocalizedText Practice(PracticeCriterion c, decimal hours, int entries, int months, IReadOnlyList<PracticePhase> missingPhases)
    {
        var role = Role(c.ConfirmedBy);
        var parts = new List<LocalizedText>();
        if (c.MinHours is { } minHours)
        {
            parts.Add(new($"{Number(hours, 2, Sl)} od {Number(minHours, 2, Sl)} ur", $"{Number(hours, 2, En)} of {Number(minHours, 2, En)} hours"));
        }
        if (c.MinEntries is { } minEntries)
        {
            parts.Add(new($"vnosov: {entries} od {minEntries}", $"{entries} of {minEntries} entries"));
        }
        if (c.MinMonths is { } minMonths)
        {
            parts.Add(new($"obdobje: {months} od {minMonths} mesecev", $"span: {months} of {minMonths} months"));
        }
        if (c.Phases.Count > 0)
        {
            parts.Add(missingPhases.Count == 0
                ? new("vse zahtevane faze", "all required phases")
                : new($"manjkajoče faze: {string.Join(", ", missingPhases.Select(p => Phase(p).Sl))}",
                    $"phases missing: {string.Join(", ", missingPhases.Select(p => Phase(p).En))}"));
        }
        if (parts.Count == 0)
        {
            parts.Add(new($"vnosov: {entries}", $"{entries} entries"));
        }
        return new LocalizedText(
                $"Praksa »{c.Kind}«, ki jo potrdi {role.Sl}: {string.Join("; ", parts.Select(p => p.Sl))}",
                $"Practice \"{c.Kind}\" confirmed by {role.En}: {string.Join("; ", parts.Select(p => p.En))}")
            .Append(Window(c.WindowMonths));
    }

    public static LocalizedText Evidence(EvidenceCriterion c, int count, int minCount)
    {
        var reviewer = c.ReviewedBy is { } r ? Role(r) : new LocalizedText("ocenjevalec", "an assessor");
        return new LocalizedText(
                $"Dokazila »{c.Kind}«, ki jih sprejme {reviewer.Sl}: {count} od {minCount}",
                $"Evidence \"{c.Kind}\" accepted by {reviewer.En}: {count} of {minCount}")
            .Append(Window(c.WindowMonths));
    }

    private static LocalizedText Window(int? months) =>
        months is { } n ? new($" (obdobje zadnjih {n} mes.)", $" (last {n} {(n == 1 ? "month" : "months")})") : new("", "");

    private static LocalizedText Role(ConfirmerRole role) => role switch
    {
        ConfirmerRole.Trainer => new("izvajalec usposabljanja", "a trainer"),
        ConfirmerRole.Mentor => new("mentor", "a mentor"),
        ConfirmerRole.Professional => new("strokovni delavec", "a professional"),
        _ => new("organizacija", "the organisation"),
    };

    private static LocalizedText Phase(PracticePhase phase) => phase switch
    {
        PracticePhase.Planning => new("načrtovanje", "planning"),
        PracticePhase.Implementation => new("izvedba", "implementation"),
        _ => new("evalvacija", "evaluation"),
    };

    private const bool Sl = true;
    private const bool En = false;

    /// <summary>Minutes as hours for display only (never for comparison): whole hours plainly, otherwise to two decimals.</summary>
    private static string Hours(int minutes, bool slovenian) => Number(minutes / 60m, 2, slovenian);

    private static string Number(decimal value, int decimals, bool slovenian)
    {
        var text = Math.Round(value, decimals, MidpointRounding.ToZero).ToString("0.##", CultureInfo.InvariantCulture);
        return slovenian ? text.Replace('.', ',') : text;
    }

    /// <summary>Slovenian number agreement: 1 (and 101, …), 2, 3–4, and the rest.</summary>
    private static string Sl4(int n, string one, string two, string few, string many) => (n % 100) switch
    {
        1 => one,
        2 => two,
        3 or 4 => few,
        _ => many,
    };

    private static LocalizedText Append(this LocalizedText text, LocalizedText tail) => new(text.Sl + tail.Sl, text.En + tail.En);
}
