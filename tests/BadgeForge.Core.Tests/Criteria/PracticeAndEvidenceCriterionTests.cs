using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using static BadgeForge.Core.Tests.Criteria.CriteriaFixtures;

namespace BadgeForge.Core.Tests.Criteria;

/// <summary>README §7.5 (practice), §7.6 (evidence) and §7.8 (windows).</summary>
public sealed class PracticeAndEvidenceCriterionTests
{
    private static PracticeCriterion PracticeRule(
        decimal? hours = null, int? entries = null, int? months = null, PracticePhase[]? phases = null, int? window = null,
        ConfirmerRole by = ConfirmerRole.Mentor) =>
        new("volunteering", hours, entries, months, phases ?? [], by, window);

    [Fact]
    public void Evaluate_PracticeHoursAndEntries_SumConfirmedEntriesOnly()
    {
        var records = Records(practice:
        [
            Practice("volunteering", Utc(2026, 2, 1), 8m),
            Practice("volunteering", Utc(2026, 3, 1), 7.5m),
            Practice("volunteering", Utc(2026, 3, 2), 10m, status: PracticeStatus.Pending),
            Practice("volunteering", Utc(2026, 3, 3), 10m, status: PracticeStatus.Rejected),
            Practice("volunteering", Utc(2026, 3, 4), 10m, status: PracticeStatus.Withdrawn),
            Practice("volunteering", Utc(2026, 3, 5), 10m, role: ConfirmerRole.Trainer),
            Practice("volunteering", Utc(2026, 3, 6), 10m, confirmedBy: Learner),
            Practice("mentoring", Utc(2026, 3, 7), 10m),
        ]);

        var result = Evaluate(PracticeRule(hours: 20m, entries: 3), records);

        result.Met.Should().BeFalse();
        result.Root.Quantities.Should().Equal(
            new TraceQuantity(QuantityKind.PracticeHours, 20m, 15.5m, false),
            new TraceQuantity(QuantityKind.PracticeEntries, 3m, 2m, false));
        result.Root.Shortfall.PracticeHours.Should().Be(4.5m);
        result.Root.Shortfall.PracticeEntries.Should().Be(1);
        result.Root.Distance.Should().Be(1m / 3m, "the larger missing fraction: 1 of 3 entries vs 4.5 of 20 hours");
        result.Root.Message.En.Should().Be("Practice \"volunteering\" confirmed by a mentor: 15.5 of 20 hours; 2 of 3 entries");
        result.Root.Message.Sl.Should().Be("Praksa »volunteering«, ki jo potrdi mentor: 15,5 od 20 ur; vnosov: 2 od 3");
    }

    [Theory]
    [InlineData(4, 15, true)]
    [InlineData(4, 14, false)]
    public void Evaluate_MinMonths_CountsCalendarMonthsFromEarliestStartToLatestEnd(int endMonth, int endDay, bool met)
    {
        var records = Records(practice:
        [
            Practice("volunteering", Utc(2026, 1, 15, 10), 2m),
            Practice("volunteering", Utc(2026, 2, 1), 2m, end: Utc(2026, endMonth, endDay, 8)),
        ]);

        var result = Evaluate(PracticeRule(months: 3), records);

        result.Met.Should().Be(met, "15 Jan → 15 Apr is 3 months (dates only, not time of day)");
        result.Root.Quantities.Single().Found.Should().Be(met ? 3m : 2m);
    }

    [Fact]
    public void Evaluate_MinMonths_ClampsTheDayLikeAddMonths()
    {
        var records = Records(practice: [Practice("volunteering", Utc(2026, 1, 31), 1m, end: Utc(2026, 2, 28))]);

        Evaluate(PracticeRule(months: 1), records).Met.Should().BeTrue("31 Jan + 1 month = 28 Feb");
    }

    [Fact]
    public void Evaluate_Phases_UnionOfEntriesMustCoverEveryListedPhase()
    {
        var all = new[] { PracticePhase.Planning, PracticePhase.Implementation, PracticePhase.Evaluation };
        var partial = Records(practice:
        [
            Practice("volunteering", Utc(2026, 2, 1), 5m, [PracticePhase.Planning]),
            Practice("volunteering", Utc(2026, 3, 1), 5m, [PracticePhase.Implementation]),
        ]);
        var complete = partial with { Practice = [.. partial.Practice, Practice("volunteering", Utc(2026, 4, 1), 1m, [PracticePhase.Evaluation])] };

        var result = Evaluate(PracticeRule(hours: 5m, phases: all), partial);

        result.Met.Should().BeFalse();
        result.Root.Shortfall.PracticePhases.Should().Equal(PracticePhase.Evaluation);
        result.Root.Message.En.Should().EndWith("phases missing: evaluation");
        result.Root.Message.Sl.Should().EndWith("manjkajoče faze: evalvacija");
        Evaluate(PracticeRule(hours: 5m, phases: all), complete).Met.Should().BeTrue();
    }

    [Fact]
    public void Evaluate_PracticeWindow_CountsEntriesByStartDate()
    {
        var records = Records(practice:
        [
            Practice("volunteering", Now.AddMonths(-36), 1m, role: ConfirmerRole.Organisation),
            Practice("volunteering", Now.AddMonths(-36).AddSeconds(-1), 1m, role: ConfirmerRole.Organisation),
        ]);

        var result = Evaluate(PracticeRule(entries: 2, window: 36, by: ConfirmerRole.Organisation), records);

        result.Root.Quantities.Single().Found.Should().Be(1m, "the window [now − 36 months, now] is inclusive at both ends");
    }

    [Fact]
    public void Evaluate_Evidence_WithoutReviewedBy_AnyAssessorRoleAccepts()
    {
        var records = Records(evidence:
        [
            Evidence("reflection", Utc(2026, 2, 1), role: ConfirmerRole.Trainer),
            Evidence("reflection", Utc(2026, 2, 2), role: ConfirmerRole.Organisation),
            Evidence("reflection", Utc(2026, 2, 3), status: EvidenceStatus.Pending),
            Evidence("reflection", Utc(2026, 2, 4), status: EvidenceStatus.Rejected),
            Evidence("reflection", Utc(2026, 2, 5), reviewer: Learner),
            Evidence("portfolio", Utc(2026, 2, 6)),
        ]);

        var anyAssessor = Evaluate(new EvidenceCriterion("reflection", 2, null, null), records);
        var mentorOnly = Evaluate(new EvidenceCriterion("reflection", 1, ConfirmerRole.Mentor, null), records);

        anyAssessor.Met.Should().BeFalse("the test model's assessors are trainers and mentors; organisation does not count");
        anyAssessor.Root.Quantities.Single().Found.Should().Be(1m);
        anyAssessor.Root.Shortfall.EvidenceItems.Should().Be(1);
        anyAssessor.Root.Message.En.Should().Be("Evidence \"reflection\" accepted by an assessor: 1 of 2");
        mentorOnly.Met.Should().BeFalse();
    }

    [Fact]
    public void Evaluate_EvidenceWindow_ClampsTheMonthEnd()
    {
        var asOf = Utc(2026, 3, 31, 12);
        var records = Records(evidence: [Evidence("reflection", Utc(2026, 2, 28, 12)), Evidence("reflection", Utc(2026, 2, 28, 11))]);

        var result = Evaluate(new EvidenceCriterion("reflection", 2, ConfirmerRole.Mentor, 1), records, asOf);

        result.Root.Quantities.Single().Found.Should().Be(1m, "31 Mar − 1 month = 28 Feb (DateTime.AddMonths)");
    }
}
