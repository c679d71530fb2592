using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using BadgeForge.Core.Tests.CompetencyModels;
using static BadgeForge.Core.Tests.Criteria.CriteriaFixtures;

namespace BadgeForge.Core.Tests.Criteria;

/// <summary>README §4.2 and §7.3: cumulative indicators confirmed by distinct, non-self assessors.</summary>
public sealed class CompetenceCriterionTests
{
    private static readonly CompetenceCriterion C1Level2 = new("c1", 2);

    [Fact]
    public void Evaluate_AllIndicatorsUpToTheLevelConfirmed_IsMet()
    {
        var records = Records(assessments: [Confirmation("c1", ["1a"], id: "x1"), Confirmation("c1", ["2a"], assessor: "trainer-1", role: ConfirmerRole.Trainer, id: "x2")]);

        var result = Evaluate(C1Level2, records);

        result.Met.Should().BeTrue();
        result.Root.RecordIds.Should().Equal("x1", "x2");
        result.Root.Message.En.Should().Be("Competence one, level 2: 2 of 2 indicators confirmed");
        result.Root.Message.Sl.Should().Be("Kompetenca ena, raven 2: potrjenih 2 od 2 kazalnikov");
    }

    [Fact]
    public void Evaluate_LevelsAreCumulative_Level2NeedsTheLevel1Indicators()
    {
        var result = Evaluate(C1Level2, Records(assessments: [Confirmation("c1", ["2a"])]));

        result.Met.Should().BeFalse();
        result.Root.Shortfall.IndicatorIds.Should().Equal("c1/1a");
        result.Root.Shortfall.Confirmations.Should().Be(1);
        result.Root.Distance.Should().Be(0.5m);
        result.Root.Message.En.Should().Be("Competence one, level 2: 1 of 2 indicators confirmed; missing: 1a");
    }

    [Theory]
    [InlineData(AssessmentMethod.SelfAssessment, "mentor-1", ConfirmerRole.Mentor, false)]
    [InlineData(AssessmentMethod.Observation, Learner, ConfirmerRole.Mentor, false)]
    [InlineData(AssessmentMethod.Observation, "org-1", ConfirmerRole.Organisation, false)]
    [InlineData(AssessmentMethod.Observation, "mentor-1", null, false)]
    [InlineData(AssessmentMethod.Interview, "mentor-1", ConfirmerRole.Mentor, true)]
    public void Evaluate_OnlyAssessorRolesOtherThanTheLearnerCount(AssessmentMethod method, string assessor, ConfirmerRole? role, bool counts)
    {
        var records = Records(assessments: [Confirmation("c2", ["1a"], assessor, role, method)]);

        Evaluate(new CompetenceCriterion("c2", 1), records).Met.Should().Be(counts);
    }

    [Fact]
    public void Evaluate_WithdrawnConfirmation_DoesNotCount()
    {
        var records = Records(assessments: [Confirmation("c2", ["1a"], withdrawn: true)]);

        Evaluate(new CompetenceCriterion("c2", 1), records).Met.Should().BeFalse();
    }

    [Fact]
    public void Evaluate_ConfirmationRecordedAfterAsOf_DoesNotCountYet()
    {
        var records = Records(assessments: [Confirmation("c2", ["1a"]) with { AssessedAt = Now.AddSeconds(1) }]);

        Evaluate(new CompetenceCriterion("c2", 1), records).Met.Should().BeFalse();
        Evaluate(new CompetenceCriterion("c2", 1), records, Now.AddSeconds(1)).Met.Should().BeTrue();
    }

    [Fact]
    public void Evaluate_MinConfirmations_NeedsDistinctAssessors()
    {
        var model = Parse(TestModels.With("min_confirmations: 1", "min_confirmations: 2"));
        var rule = new CompetenceCriterion("c2", 1);
        var twiceBySame = Records(assessments: [Confirmation("c2", ["1a"], model: model.Reference), Confirmation("c2", ["1a"], model: model.Reference)]);
        var byTwo = Records(assessments: [Confirmation("c2", ["1a"], model: model.Reference), Confirmation("c2", ["1a"], "trainer-9", ConfirmerRole.Trainer, model: model.Reference)]);

        var same = Evaluate(rule, twiceBySame, model: model);

        same.Met.Should().BeFalse();
        same.Root.Shortfall.Confirmations.Should().Be(1);
        same.Root.Message.En.Should().Contain("each by at least 2 distinct assessors");
        Evaluate(rule, byTwo, model: model).Met.Should().BeTrue();
    }

    [Fact]
    public void Evaluate_LevelNotDefinedByTheCompetence_IsNeverReached()
    {
        var records = Records(assessments: [Confirmation("c2", ["1a"])]);

        var result = Evaluate(new CompetenceCriterion("c2", 2), records);

        result.Met.Should().BeFalse("c2 defines only level 1");
        result.Root.Distance.Should().Be(1m);
    }

    [Fact]
    public void Evaluate_ConfirmationsOfAnotherCompetenceOrUnknownIndicator_DoNotCount()
    {
        var records = Records(assessments: [Confirmation("c2", ["1a"]), Confirmation("c1", ["9z"])]);

        Evaluate(new CompetenceCriterion("c1", 1), records).Met.Should().BeFalse();
    }

    [Fact]
    public void Evaluate_ConfirmationOfAnEarlierVersion_CountsThroughEquivalences()
    {
        var catalog = ShippedCatalog;
        var v1 = catalog.Find("community-worker@1.0.0")!;
        var v2 = catalog.Find("community-worker@2.0.0")!;
        var renamed = v2.FindCompetence("sd.vr.refleksivna-praksa")!;
        var level = renamed.Levels[0];
        var indicators = level.Indicators.Select(i => i.Id).ToArray();
        var records = Records(assessments: [Confirmation("sd.vr.refleksija", indicators, model: v1.Reference)]);

        var result = CriteriaEngine.EvaluateRule(v2, new CompetenceCriterion(renamed.Id, level.Level), records, Now, catalog);

        result.Met.Should().BeTrue("v2 maps sd.vr.refleksija of 1.0.0 to sd.vr.refleksivna-praksa");
        CriteriaEngine.EvaluateRule(v2, new CompetenceCriterion(renamed.Id, level.Level), records, Now).Met
            .Should().BeTrue("one step is enough without a catalog");
    }

    [Fact]
    public void Evaluate_ConfirmationOfAnotherModel_DoesNotCountWithoutADeclaredEquivalence()
    {
        var other = new ModelReference("other-model", Model.Version);
        var records = Records(assessments: [Confirmation("c2", ["1a"], model: other)]);

        Evaluate(new CompetenceCriterion("c2", 1), records).Met.Should().BeFalse();
    }
}
