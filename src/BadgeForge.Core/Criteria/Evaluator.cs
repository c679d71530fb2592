using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Criteria;

/// <summary>One evaluation: a model, one learner's records and an instant. Each rule follows README §7.</summary>
internal sealed class Evaluator(CompetencyModel model, LearnerRecords records, DateTimeOffset asOf, CompetencyModelCatalog? catalog)
{
    private static readonly IReadOnlyList<CriterionTrace> NoChildren = [];
    private static readonly IReadOnlyList<AttendanceRunTotals> NoRuns = [];

    public CriterionTrace Evaluate(Criterion criterion) => criterion switch
    {
        AllOf all => All(all),
        AnyOf any => Any(any),
        AtLeast atLeast => AtLeastOf(atLeast),
        AttendanceCriterion attendance => Attendance(attendance),
        CompetenceCriterion competence => Competence(competence),
        BadgeCriterion badge => Badge(badge),
        PracticeCriterion practice => Practice(practice),
        EvidenceCriterion evidence => Evidence(evidence),
        _ => throw new ArgumentException($"Unknown criterion type {criterion.GetType().Name}.", nameof(criterion)),
    };

    // ---- §7.1 combinators -------------------------------------------------------------------------------------------

    private CriterionTrace All(AllOf all)
    {
        var children = all.Items.Select(Evaluate).ToList();
        var metCount = children.Count(c => c.Met);
        var met = metCount == children.Count;
        var shortfall = children.Where(c => !c.Met).Aggregate(Shortfall.None, (s, c) => s.Plus(c.Shortfall));
        return Combinator(all, met, children, children.Count, metCount, shortfall, children.Sum(c => c.Distance),
            new LocalizedText($"Vsi pogoji ({children.Count}); izpolnjenih: {metCount}", $"All of {children.Count} conditions; met: {metCount}"));
    }

    private CriterionTrace Any(AnyOf any)
    {
        var children = any.Items.Select(Evaluate).ToList();
        var metCount = children.Count(c => c.Met);
        var closest = children.OrderBy(c => c.Distance).First();
        return Combinator(any, metCount >= 1, children, 1, metCount, metCount >= 1 ? Shortfall.None : closest.Shortfall, closest.Distance,
            new LocalizedText($"Vsaj eden od {children.Count} pogojev; izpolnjenih: {metCount}", $"Any of {children.Count} conditions; met: {metCount}"));
    }

    private CriterionTrace AtLeastOf(AtLeast atLeast)
    {
        var children = atLeast.Items.Select(Evaluate).ToList();
        var metCount = children.Count(c => c.Met);
        // The cheapest way to reach n: the n children closest to being met (met ones have distance 0).
        var cheapest = children.OrderBy(c => c.Distance).Take(atLeast.Count).ToList();
        var shortfall = cheapest.Where(c => !c.Met).Aggregate(Shortfall.None, (s, c) => s.Plus(c.Shortfall));
        return Combinator(atLeast, metCount >= atLeast.Count, children, atLeast.Count, metCount, shortfall, cheapest.Sum(c => c.Distance),
            new LocalizedText(
                $"Vsaj {atLeast.Count} od {children.Count} pogojev; izpolnjenih: {metCount}",
                $"At least {atLeast.Count} of {children.Count} conditions; met: {metCount}"));
    }

    private static CriterionTrace Combinator(
        Criterion criterion, bool met, IReadOnlyList<CriterionTrace> children, int required, int metCount, Shortfall shortfall,
        decimal distance, LocalizedText message) =>
        new(criterion, met, message, [new TraceQuantity(QuantityKind.ChildrenMet, required, metCount, met)],
            DistinctRecordIds(children), children, met ? Shortfall.None : shortfall, met ? 0m : distance, NoRuns);

    /// <summary>
    /// The children's record ids, each once, in first-seen order. A loop rather than SelectMany/Distinct: every
    /// combinator of every evaluation runs it, and the LINQ chain was the engine's largest single cost in a profile.
    /// </summary>
    private static List<string> DistinctRecordIds(IReadOnlyList<CriterionTrace> children)
    {
        var total = 0;
        foreach (var child in children)
        {
            total += child.RecordIds.Count;
        }
        var ids = new List<string>(total);
        if (total == 0)
        {
            return ids;
        }
        var seen = new HashSet<string>(total, StringComparer.Ordinal);
        foreach (var child in children)
        {
            foreach (var id in child.RecordIds)
            {
                if (seen.Add(id))
                {
                    ids.Add(id);
                }
            }
        }
        return ids;
    }

    // ---- §7.2 attendance --------------------------------------------------------------------------------------------

    private CriterionTrace Attendance(AttendanceCriterion c)
    {
        var training = model.FindTraining(c.TrainingId);
        var module = c.ModuleId is null ? null : training?.FindModule(c.ModuleId);
        var scope = Messages.AttendanceScope(c, training, module);
        var windowStart = c.WindowMonths is { } months ? CriteriaEngine.WindowStart(asOf, months) : (DateTimeOffset?)null;

        var periods = records.Enrolments.Where(e => e.TrainingId == c.TrainingId).ToList();
        var runIds = periods.Select(e => e.RunId).Distinct(StringComparer.Ordinal).ToList();
        if (runIds.Count == 0)
        {
            var noRunShortfall = Shortfall.None with
            {
                Minutes = c.MinHours is { } h ? CeilingMinutes(h * 60m) : 0,
                NoBase = c.MinShare is not null,
            };
            return Leaf(c, false, Messages.NotEnrolled(scope, c.WindowMonths),
                Conditions(c, attended: 0, baseMinutes: 0).Quantities, [], noRunShortfall, 1m, NoRuns);
        }

        var evaluated = runIds.Select(runId =>
        {
            var runPeriods = periods.Where(p => p.RunId == runId).ToList();
            // One pass over the learner's attendance (a loop, not a chain of LINQ filters: this runs for every
            // attendance rule of every evaluation, and the chain was most of its cost in a profile).
            var sessions = new List<AttendanceEntry>();
            var counted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in records.Attendance)
            {
                if (a.RunId != runId || a.TrainingId != c.TrainingId || a.Cancelled || a.Start > asOf
                    || (c.ModuleId is not null && a.ModuleId != c.ModuleId)
                    || !ModeCounts(c.Mode, a.Mode)
                    || (a.Mode != SessionMode.Group && a.ScheduledForLearnerId != records.LearnerId)
                    || (windowStart is not null && a.Start < windowStart)
                    || !WithinAnyPeriod(runPeriods, a.Start))
                {
                    continue;
                }
                // A session is counted once even if it was recorded twice (first record wins).
                if (counted.Add(a.SessionId))
                {
                    sessions.Add(a);
                }
            }
            return EvaluateRun(c, runId, sessions);
        })
            .OrderByDescending(r => r.Totals.Met)
            .ThenBy(r => r.Distance)
            .ThenByDescending(r => r.Totals.AttendedMinutes)
            .ThenBy(r => r.Totals.RunId, StringComparer.Ordinal)
            .ToList();

        var best = evaluated[0];
        return Leaf(c, best.Totals.Met,
            Messages.Attendance(scope, c, best.Totals, runIds.Count > 1),
            best.Quantities, best.RecordIds, best.Shortfall, best.Distance, evaluated.Select(r => r.Totals).ToList());
    }

    private static bool ModeCounts(AttendanceMode rule, SessionMode session) => rule switch
    {
        AttendanceMode.Group => session == SessionMode.Group,
        AttendanceMode.Individual => session == SessionMode.Individual,
        _ => true,
    };

    private static bool WithinAnyPeriod(List<Enrolment> periods, DateTimeOffset start)
    {
        foreach (var p in periods)
        {
            if (start >= p.JoinedAt && (p.LeftAt is null || start <= p.LeftAt))
            {
                return true;
            }
        }
        return false;
    }

    private sealed record RunEvaluation(
        AttendanceRunTotals Totals, IReadOnlyList<TraceQuantity> Quantities, IReadOnlyList<string> RecordIds, Shortfall Shortfall, decimal Distance);

    private static RunEvaluation EvaluateRun(AttendanceCriterion c, string runId, IReadOnlyList<AttendanceEntry> sessions)
    {
        int delivered = 0, present = 0, justified = 0, justifiedCount = 0;
        foreach (var session in sessions)
        {
            var d = Math.Max(0, session.PlannedMinutes);
            delivered += d;
            switch (session.Status)
            {
                case Present p:
                    present += Math.Clamp(p.Minutes, 0, d);
                    break;
                case JustifiedAbsence j:
                    var a = Math.Clamp(j.PresentMinutes, 0, d);
                    present += a;
                    if (!string.IsNullOrWhiteSpace(j.Reason) && d - a > 0)
                    {
                        justified += d - a;
                        justifiedCount++;
                    }
                    break;
            }
        }
        var attended = c.JustifiedAbsence == JustifiedAbsenceMode.CountAsAttended ? present + justified : present;
        var baseMinutes = c.JustifiedAbsence == JustifiedAbsenceMode.ExcludeFromBase ? delivered - justified : delivered;
        var conditions = Conditions(c, attended, baseMinutes);
        var totals = new AttendanceRunTotals(runId, sessions.Count, delivered, present, justified, justifiedCount, attended, baseMinutes, conditions.Met);
        var recordIds = sessions.Select(s => s.Id).ToList();
        return new RunEvaluation(totals, conditions.Quantities, recordIds, conditions.Shortfall, conditions.Distance);
    }

    private sealed record AttendanceConditions(bool Met, IReadOnlyList<TraceQuantity> Quantities, Shortfall Shortfall, decimal Distance);

    /// <summary>
    /// README §7.2: H ≥ min_hours and S ≥ min_share, compared exactly on integer minutes in decimal arithmetic
    /// (<c>attended ≥ min_share × base</c>, <c>attended ≥ min_hours × 60</c>); an empty base never meets a share.
    /// </summary>
    private static AttendanceConditions Conditions(AttendanceCriterion c, int attended, int baseMinutes)
    {
        var quantities = new List<TraceQuantity>();
        var met = true;
        var missingMinutes = 0;
        var distance = 0m;
        var noBase = false;
        if (c.MinHours is { } minHours)
        {
            var needed = minHours * 60m;
            var ok = attended >= needed;
            quantities.Add(new TraceQuantity(QuantityKind.AttendedMinutes, needed, attended, ok));
            if (!ok)
            {
                met = false;
                missingMinutes = Math.Max(missingMinutes, CeilingMinutes(needed - attended));
                distance = Math.Max(distance, (needed - attended) / needed);
            }
        }
        if (c.MinShare is { } minShare)
        {
            if (baseMinutes <= 0)
            {
                quantities.Add(new TraceQuantity(QuantityKind.AttendedShare, minShare, null, false));
                met = false;
                noBase = true;
                distance = 1m;
            }
            else
            {
                var needed = minShare * baseMinutes;
                var ok = attended >= needed;
                quantities.Add(new TraceQuantity(QuantityKind.AttendedShare, minShare, (decimal)attended / baseMinutes, ok));
                if (!ok)
                {
                    met = false;
                    missingMinutes = Math.Max(missingMinutes, CeilingMinutes(needed - attended));
                    distance = Math.Max(distance, (needed - attended) / needed);
                }
            }
        }
        if (c.MinHours is null && c.MinShare is null && attended <= 0)
        {
            // README §7.2 requires min_hours or min_share; a rule built in code with neither still needs some attendance,
            // so that an empty record never meets it.
            met = false;
            missingMinutes = 1;
            distance = 1m;
        }
        var shortfall = met ? Shortfall.None : Shortfall.None with { Minutes = missingMinutes, NoBase = noBase };
        return new AttendanceConditions(met, quantities, shortfall, met ? 0m : distance);
    }

    private static int CeilingMinutes(decimal minutes) => minutes <= 0 ? 0 : (int)Math.Ceiling(minutes);

    // ---- §4.2 / §7.3 competence -------------------------------------------------------------------------------------

    private CriterionTrace Competence(CompetenceCriterion c)
    {
        var competence = model.FindCompetence(c.CompetenceId);
        if (competence is null || competence.Levels.Count == 0 || c.MinLevel > competence.Levels.Max(l => l.Level))
        {
            // §4.2: a level above the competence's highest defined level is never reached.
            return Leaf(c, false, Messages.UnknownCompetence(c, competence), [], [], Shortfall.None, 1m, NoRuns);
        }

        var required = competence.IndicatorsUpTo(c.MinLevel).Select(i => i.Id).ToList();
        var minConfirmations = Math.Max(1, model.Assessment.MinConfirmations);
        var counting = new List<CompetenceAssessment>();
        foreach (var a in records.Assessments)
        {
            // Confirmations do not expire (§4.2), but one recorded after asOf did not exist yet at asOf.
            if (!a.Withdrawn && a.Method != AssessmentMethod.SelfAssessment && a.AssessedAt <= asOf
                && !string.IsNullOrWhiteSpace(a.AssessorId) && a.AssessorId != records.LearnerId
                && a.AssessorRole is { } role && model.Assessment.AssessorRoles.Contains(role)
                && MapCompetenceId(a.Model, a.CompetenceId) == competence.Id)
            {
                counting.Add(a);
            }
        }

        // Per indicator (in the model's order), the assessments confirming it (in record order): plain loops, as this
        // runs for every competence rule of every evaluation.
        var recordIds = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var missingConfirmations = 0;
        var assessors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var indicator in required)
        {
            assessors.Clear();
            foreach (var assessment in counting)
            {
                // The list's own Contains (ordinal: string's default equality), not LINQ's Contains with a comparer,
                // which enumerates through the interface.
                if (assessment.IndicatorIds.Contains(indicator))
                {
                    assessors.Add(assessment.AssessorId);
                    if (listed.Add(assessment.Id))
                    {
                        recordIds.Add(assessment.Id);
                    }
                }
            }
            if (assessors.Count < minConfirmations)
            {
                missing.Add(indicator);
                missingConfirmations += minConfirmations - assessors.Count;
            }
        }
        var met = missing.Count == 0;
        var confirmed = required.Count - missing.Count;
        var shortfall = met
            ? Shortfall.None
            : Shortfall.None with { IndicatorIds = missing.Select(i => $"{competence.Id}/{i}").ToList(), Confirmations = missingConfirmations };
        var distance = met ? 0m : (decimal)missingConfirmations / (required.Count * minConfirmations);
        return Leaf(c, met, Messages.Competence(competence, c.MinLevel, confirmed, required.Count, missing, minConfirmations),
            [new TraceQuantity(QuantityKind.ConfirmedIndicators, required.Count, confirmed, met)],
            recordIds, shortfall, distance, NoRuns);
    }

    private string? MapCompetenceId(ModelReference from, string id) =>
        from == model.Reference ? id
        : catalog is not null ? catalog.MapCompetenceId(from, id, model.Reference)
        : model.EquivalentCompetenceId(from, id);

    private string? MapBadgeId(ModelReference from, string id) =>
        from == model.Reference ? id
        : catalog is not null ? catalog.MapBadgeId(from, id, model.Reference)
        : model.EquivalentBadgeId(from, id);

    // ---- §7.4 badge -------------------------------------------------------------------------------------------------

    private CriterionTrace Badge(BadgeCriterion c)
    {
        var awards = records.Badges
            .Where(b => !b.Revoked && b.IssuedAt <= asOf && MapBadgeId(b.Model, b.BadgeId) == c.BadgeId)
            .ToList();
        var counting = c.MustBeValid ? awards.Where(b => b.ExpiresAt is null || asOf < b.ExpiresAt).ToList() : awards;
        var met = counting.Count > 0;
        var title = model.FindBadge(c.BadgeId)?.Title;
        var expired = !met && awards.Count > 0;
        return Leaf(c, met, Messages.Badge(c, title, met, expired),
            [new TraceQuantity(QuantityKind.Awards, 1, counting.Count, met)],
            counting.Select(b => b.Id).ToList(),
            met ? Shortfall.None : Shortfall.None with { Badges = [c.BadgeId] },
            met ? 0m : 1m, NoRuns);
    }

    // ---- §7.5 practice ----------------------------------------------------------------------------------------------

    private CriterionTrace Practice(PracticeCriterion c)
    {
        var windowStart = c.WindowMonths is { } months ? CriteriaEngine.WindowStart(asOf, months) : (DateTimeOffset?)null;
        var entries = records.Practice
            .Where(p => p.Kind == c.Kind && p.Status == PracticeStatus.Confirmed)
            .Where(p => p.ConfirmedByRole == c.ConfirmedBy && !string.IsNullOrWhiteSpace(p.ConfirmedById) && p.ConfirmedById != records.LearnerId)
            .Where(p => p.Start <= asOf && (windowStart is null || p.Start >= windowStart))
            .ToList();

        var quantities = new List<TraceQuantity>();
        var shortfall = Shortfall.None;
        var distance = 0m;
        var hours = entries.Sum(p => Math.Max(0m, p.Hours));
        if (c.MinHours is { } minHours)
        {
            var ok = hours >= minHours;
            quantities.Add(new TraceQuantity(QuantityKind.PracticeHours, minHours, hours, ok));
            if (!ok)
            {
                shortfall = shortfall with { PracticeHours = minHours - hours };
                distance = Math.Max(distance, (minHours - hours) / minHours);
            }
        }
        if (c.MinEntries is { } minEntries)
        {
            var ok = entries.Count >= minEntries;
            quantities.Add(new TraceQuantity(QuantityKind.PracticeEntries, minEntries, entries.Count, ok));
            if (!ok)
            {
                shortfall = shortfall with { PracticeEntries = minEntries - entries.Count };
                distance = Math.Max(distance, (decimal)(minEntries - entries.Count) / minEntries);
            }
        }
        var span = MonthSpan(entries);
        if (c.MinMonths is { } minMonths)
        {
            var ok = span.Months >= minMonths;
            quantities.Add(new TraceQuantity(QuantityKind.PracticeMonths, minMonths, span.Months, ok));
            if (!ok)
            {
                shortfall = shortfall with { PracticeMonths = minMonths - span.Months };
                distance = Math.Max(distance, (decimal)(minMonths - span.Months) / minMonths);
            }
        }
        var requiredPhases = c.Phases.Distinct().ToList();
        var covered = entries.SelectMany(p => p.Phases).ToHashSet();
        var missingPhases = requiredPhases.Where(p => !covered.Contains(p)).ToList();
        if (requiredPhases.Count > 0)
        {
            var ok = missingPhases.Count == 0;
            quantities.Add(new TraceQuantity(QuantityKind.PracticePhases, requiredPhases.Count, requiredPhases.Count - missingPhases.Count, ok));
            if (!ok)
            {
                shortfall = shortfall with { PracticePhases = missingPhases };
                distance = Math.Max(distance, (decimal)missingPhases.Count / requiredPhases.Count);
            }
        }
        // README §7.5 requires at least one of the three amounts; a rule with none (only possible when built in code)
        // still needs at least one confirmed entry, so that an empty log never meets it.
        if (c.MinHours is null && c.MinEntries is null && c.MinMonths is null && entries.Count == 0)
        {
            shortfall = shortfall with { PracticeEntries = 1 };
            distance = 1m;
        }
        var met = shortfall.IsEmpty;
        return Leaf(c, met, Messages.Practice(c, hours, entries.Count, span.Months, missingPhases),
            quantities, entries.Select(p => p.Id).ToList(), shortfall, met ? 0m : distance, NoRuns);
    }

    /// <summary>
    /// README §7.5: whole calendar months from the earliest start to the latest end (end defaults to start), with
    /// <see cref="DateTime.AddMonths"/> semantics, so 15 Jan → 15 Apr is 3 months. Entries are dated: only the UTC
    /// calendar dates are compared, not the time of day.
    /// </summary>
    internal static (int Months, DateTime? From, DateTime? To) MonthSpan(IReadOnlyList<PracticeEntry> entries)
    {
        if (entries.Count == 0)
        {
            return (0, null, null);
        }
        var from = entries.Min(p => p.Start.UtcDateTime.Date);
        var to = entries.Max(p => Max(p.Start, p.End ?? p.Start).UtcDateTime.Date);
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        while (months > 0 && from.AddMonths(months) > to)
        {
            months--;
        }
        return (Math.Max(0, months), from, to);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    // ---- §7.6 evidence ----------------------------------------------------------------------------------------------

    private CriterionTrace Evidence(EvidenceCriterion c)
    {
        var windowStart = c.WindowMonths is { } months ? CriteriaEngine.WindowStart(asOf, months) : (DateTimeOffset?)null;
        // Reviewer must not be the learner: README §7.6 does not say so explicitly, but §4.2 and §7.5 exclude the learner
        // everywhere else, and accepting one's own evidence would defeat the rule.
        var items = records.Evidence
            .Where(e => e.Kind == c.Kind && e.Status == EvidenceStatus.Accepted)
            .Where(e => e.ReviewedByRole is { } role && (c.ReviewedBy is { } wanted ? role == wanted : model.Assessment.AssessorRoles.Contains(role)))
            .Where(e => !string.IsNullOrWhiteSpace(e.ReviewedById) && e.ReviewedById != records.LearnerId)
            .Where(e => e.SubmittedAt <= asOf && (windowStart is null || e.SubmittedAt >= windowStart))
            .ToList();
        var minCount = Math.Max(1, c.MinCount);
        var met = items.Count >= minCount;
        return Leaf(c, met, Messages.Evidence(c, items.Count, minCount),
            [new TraceQuantity(QuantityKind.EvidenceItems, minCount, items.Count, met)],
            items.Select(e => e.Id).ToList(),
            met ? Shortfall.None : Shortfall.None with { EvidenceItems = minCount - items.Count },
            met ? 0m : (decimal)(minCount - items.Count) / minCount, NoRuns);
    }

    private static CriterionTrace Leaf(
        Criterion criterion, bool met, LocalizedText message, IReadOnlyList<TraceQuantity> quantities, IReadOnlyList<string> recordIds,
        Shortfall shortfall, decimal distance, IReadOnlyList<AttendanceRunTotals> runs) =>
        new(criterion, met, message, quantities, recordIds, NoChildren, met ? Shortfall.None : shortfall, met ? 0m : distance, runs);
}
