using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using static BadgeForge.Core.Tests.Criteria.CriteriaFixtures;

namespace BadgeForge.Core.Tests.Criteria;

/// <summary>README §7.4: prerequisite awards of any version; revoked never counts; <c>must_be_valid</c> needs an unexpired award.</summary>
public sealed class BadgeCriterionTests
{
    [Fact]
    public void Evaluate_AwardHeld_IsMetWithTheAwardAsRecord()
    {
        var result = Evaluate(new BadgeCriterion("b1", false), Records(badges: [Award("b1", id: "aw-1")]));

        result.Met.Should().BeTrue();
        result.Root.RecordIds.Should().Equal("aw-1");
        result.Root.Message.En.Should().Be("Prerequisite Participant: held");
        result.Root.Message.Sl.Should().Be("Predpogoj Udeleženec: pridobljen");
    }

    [Fact]
    public void Evaluate_NoAward_ReportsTheMissingBadge()
    {
        var result = Evaluate(new BadgeCriterion("b1", false), Records(badges: [Award("b2")]));

        result.Met.Should().BeFalse();
        result.Root.Shortfall.Badges.Should().Equal("b1");
        result.Root.Distance.Should().Be(1m);
    }

    [Fact]
    public void Evaluate_RevokedAward_NeverCounts()
    {
        Evaluate(new BadgeCriterion("b1", false), Records(badges: [Award("b1", revoked: true)])).Met.Should().BeFalse();
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Evaluate_ExpiredAward_CountsOnlyWithoutMustBeValid(bool mustBeValid, bool met)
    {
        var records = Records(badges: [Award("b1", expires: Now)]);

        var result = Evaluate(new BadgeCriterion("b1", mustBeValid), records);

        result.Met.Should().Be(met, "an award is valid while now < expiry");
        if (!met)
        {
            result.Root.Message.En.Should().Be("Prerequisite Participant: held but no longer valid");
        }
    }

    [Fact]
    public void Evaluate_MustBeValid_UnexpiredAwardCounts()
    {
        Evaluate(new BadgeCriterion("b1", true), Records(badges: [Award("b1", expires: Now.AddTicks(1))])).Met.Should().BeTrue();
    }

    [Fact]
    public void Evaluate_AwardIssuedAfterAsOf_DoesNotCount()
    {
        Evaluate(new BadgeCriterion("b1", false), Records(badges: [Award("b1", issued: Now.AddDays(1))])).Met.Should().BeFalse();
    }

    [Fact]
    public void Evaluate_AwardOfAnEarlierVersion_CountsThroughTheMapping()
    {
        var catalog = ShippedCatalog;
        var v1 = catalog.Find("community-worker@1.0.0")!;
        var v2 = catalog.Find("community-worker@2.0.0")!;
        var renamed = new BadgeCriterion("sd.vr.refleksivna-praksa.l2", false);
        var unchangedId = v2.Badges.First(b => v1.FindBadge(b.Id) is not null).Id;
        var records = Records(badges: [Award("sd.vr.refleksija.l2", model: v1.Reference), Award(unchangedId, model: v1.Reference)]);

        CriteriaEngine.EvaluateRule(v2, renamed, records, Now, catalog).Met.Should().BeTrue();
        CriteriaEngine.EvaluateRule(v2, new BadgeCriterion(unchangedId, false), records, Now, catalog).Met.Should().BeTrue("any version of this model counts");
    }
}
