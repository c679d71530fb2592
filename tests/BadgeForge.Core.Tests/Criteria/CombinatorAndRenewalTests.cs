using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using static BadgeForge.Core.Tests.Criteria.CriteriaFixtures;
using AtLeast = BadgeForge.Core.CompetencyModels.AtLeast;

namespace BadgeForge.Core.Tests.Criteria;

/// <summary>README §7.1 combinators, the tree's distance and shortfall, and §8 renewal.</summary>
public sealed class CombinatorAndRenewalTests
{
    // Three leaves with known distances: met (0), one of two indicators missing (0.5), no badge (1).
    private static readonly Criterion Met = new CompetenceCriterion("c2", 1);
    private static readonly Criterion Half = new CompetenceCriterion("c1", 2);
    private static readonly Criterion Missing = new BadgeCriterion("b1", false);

    private static readonly LearnerRecords Someone = Records(assessments: [Confirmation("c2", ["1a"]), Confirmation("c1", ["1a"])]);

    [Fact]
    public void Evaluate_AllOf_SumsTheDistancesAndShortfallsOfUnmetChildren()
    {
        var result = Evaluate(new AllOf([Met, Half, Missing]), Someone);

        result.Met.Should().BeFalse();
        result.Distance.Should().Be(1.5m);
        result.Root.Children.Select(c => c.Met).Should().Equal(true, false, false);
        result.Root.Shortfall.IndicatorIds.Should().Equal("c1/2a");
        result.Root.Shortfall.Badges.Should().Equal("b1");
        result.Root.Message.En.Should().Be("All of 3 conditions; met: 1");
        result.Leaves.Should().HaveCount(3);
    }

    [Fact]
    public void Evaluate_AnyOf_TakesTheClosestChild()
    {
        var unmet = Evaluate(new AnyOf([Missing, Half]), Someone);

        unmet.Met.Should().BeFalse();
        unmet.Distance.Should().Be(0.5m);
        unmet.Root.Shortfall.IndicatorIds.Should().Equal("c1/2a");
        unmet.Root.Shortfall.Badges.Should().BeEmpty();
        Evaluate(new AnyOf([Missing, Met]), Someone).Should().Match<CriteriaResult>(r => r.Met && r.Distance == 0m && r.Root.Shortfall.IsEmpty);
    }

    [Fact]
    public void Evaluate_AtLeast_AddsTheNClosestChildren()
    {
        var two = Evaluate(new AtLeast(2, [Missing, Half, Met]), Someone);
        var one = Evaluate(new AtLeast(1, [Missing, Half, Met]), Someone);
        var three = Evaluate(new AtLeast(3, [Missing, Half, Met]), Someone);

        two.Met.Should().BeFalse();
        two.Distance.Should().Be(0.5m);
        two.Root.Shortfall.Badges.Should().BeEmpty("completing c1 is the cheaper way to two");
        two.Root.Message.Sl.Should().Be("Vsaj 2 od 3 pogojev; izpolnjenih: 1");
        one.Met.Should().BeTrue();
        three.Distance.Should().Be(1.5m);
    }

    [Fact]
    public void EvaluateRenewal_WithRenewalRule_EvaluatesItWithWindowsFromTheRenewalInstant()
    {
        var badge = Model.FindBadge("b2")!;
        var renewedAt = Utc(2029, 6, 1);
        var records = Records(practice: [Practice("volunteering", Utc(2026, 6, 1), 1m, role: ConfirmerRole.Organisation, confirmedBy: "org-1")]);

        CriteriaEngine.EvaluateRenewal(Model, badge, records, renewedAt).Met.Should().BeTrue("1 Jun 2026 is exactly 36 months back");
        CriteriaEngine.EvaluateRenewal(Model, badge, records, renewedAt.AddDays(1)).Met.Should().BeFalse();
        CriteriaEngine.Evaluate(Model, badge, records, renewedAt).Met.Should().BeFalse("the full criteria need much more");
    }

    [Fact]
    public void EvaluateRenewal_WithoutRenewalRule_NeedsTheFullCriteria()
    {
        var badge = Model.FindBadge("b1")!;

        var result = CriteriaEngine.EvaluateRenewal(Model, badge, Records(), Now);

        result.Root.Criterion.Should().BeSameAs(badge.Criteria.Rule);
    }

    [Fact]
    public void ExpiryOf_AddsCalendarMonthsInUtc()
    {
        var badge = Model.FindBadge("b2")!;

        CriteriaEngine.ExpiryOf(badge.Validity, Utc(2026, 1, 31, 10)).Should().Be(Utc(2029, 1, 31, 10));
        CriteriaEngine.ExpiryOf(Validity.None, Now).Should().BeNull();
    }
}
