using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Schools;
using BadgeForge.Core.Tests.CompetencyModels;

namespace BadgeForge.Core.Tests.Schools;

/// Rule matching, hour conversion between 45- and 60-minute hours, caps on outside credit and overlap explanations.
public sealed class RecognitionMatcherTests
{
    private static readonly Guid Volunteering = Guid.NewGuid();
    private static readonly Guid FreeChoice = Guid.NewGuid();

    private static SubmittedBadge Ours(string version = "1.0.0", IReadOnlyDictionary<string, int>? competences = null) =>
        new("https://badges.test/issuers/ngo/badges/initiative-leader/" + version + "/vdp.b.mladi-pobudnik",
            "initiative-leader", version, "vdp.b.mladi-pobudnik", competences ?? new Dictionary<string, int>());

    private static CourseStanding Course(Guid id, decimal required = 60, int hourMinutes = 45, int? capPercent = null, int credited = 0) =>
        new(id, new LocalizedText("Prostovoljno socialno delo", "Voluntary social work"), required, hourMinutes, capPercent, credited);

    private static RecognitionRule.Badge BadgeRule(Guid course, decimal hours, int hourMinutes = 60, string? version = "1.0.0") =>
        new(Guid.NewGuid(), course, hours, hourMinutes, "initiative-leader", version, "vdp.b.mladi-pobudnik", null);

    [Theory]
    [InlineData(10, 60, 600)]
    [InlineData(10, 45, 450)]
    [InlineData(7.5, 45, 338)]
    public void ToMinutes_HoursOfEitherLength_RoundsToTheMinute(decimal hours, int hourMinutes, int expected) =>
        SchoolHours.ToMinutes(hours, hourMinutes).Should().Be(expected);

    [Theory]
    [InlineData(600, 45, 13.33)]
    [InlineData(600, 60, 10)]
    [InlineData(450, 45, 10)]
    public void ToHours_Minutes_RoundsDownToAHundredth(int minutes, int hourMinutes, decimal expected) =>
        SchoolHours.ToHours(minutes, hourMinutes).Should().Be(expected);

    [Fact]
    public void Format_Language_UsesTheDecimalSeparatorOfTheLanguage()
    {
        SchoolHours.Format(7.5m, "sl").Should().Be("7,5");
        SchoolHours.Format(7.5m, "en").Should().Be("7.5");
        SchoolHours.Format(10m, "sl").Should().Be("10");
    }

    [Fact]
    public void Matches_ExactVersionRule_RecognisesOnlyThatVersion()
    {
        var rule = BadgeRule(Volunteering, 10);

        RecognitionMatcher.Matches(rule, Ours("1.0.0")).Should().BeTrue();
        RecognitionMatcher.Matches(rule, Ours("2.0.0")).Should().BeFalse();
    }

    [Fact]
    public void Matches_AnyVersionRule_RecognisesEveryVersion()
    {
        var rule = BadgeRule(Volunteering, 10, version: null);

        RecognitionMatcher.Matches(rule, Ours("1.0.0")).Should().BeTrue();
        RecognitionMatcher.Matches(rule, Ours("2.0.0")).Should().BeTrue();
    }

    [Fact]
    public void Matches_BadgeClassUrlRule_RecognisesOnlyThatBadgeClass()
    {
        var rule = new RecognitionRule.Badge(Guid.NewGuid(), Volunteering, 5, 60, null, null, null, "https://other.example/badges/first-aid");
        var external = new SubmittedBadge("https://other.example/badges/first-aid", null, null, null, new Dictionary<string, int>());

        RecognitionMatcher.Matches(rule, external).Should().BeTrue();
        RecognitionMatcher.Matches(rule, Ours()).Should().BeFalse();
    }

    [Fact]
    public void Matches_CompetenceRule_NeedsEveryCompetenceAtItsLevel()
    {
        var rule = new RecognitionRule.Competences(Guid.NewGuid(), FreeChoice, 5, 60,
            [new RequiredCompetence("initiative-leader", "c1", 2), new RequiredCompetence("initiative-leader", "c2", 1)]);

        RecognitionMatcher.Matches(rule, Ours(competences: new Dictionary<string, int> { ["initiative-leader/c1"] = 2, ["initiative-leader/c2"] = 1 }))
            .Should().BeTrue();
        RecognitionMatcher.Matches(rule, Ours(competences: new Dictionary<string, int> { ["initiative-leader/c1"] = 1, ["initiative-leader/c2"] = 1 }))
            .Should().BeFalse("c1 is only at level 1");
        RecognitionMatcher.Matches(rule, Ours(competences: new Dictionary<string, int> { ["initiative-leader/c1"] = 3 }))
            .Should().BeFalse("c2 is missing");
    }

    [Fact]
    public void Propose_NoRuleMatches_ExplainsInBothLanguages()
    {
        var proposal = RecognitionMatcher.Propose(Ours("3.0.0"), [BadgeRule(Volunteering, 10)], [Course(Volunteering)]);

        proposal.Best.Should().BeNull();
        proposal.Explanations.Should().ContainSingle().Which.En.Should().Contain("None of the school's rules");
    }

    [Fact]
    public void Propose_TwoRulesOverlap_TheMostHoursWinsAndTheOverlapIsExplained()
    {
        var small = BadgeRule(FreeChoice, 5);
        var large = BadgeRule(Volunteering, 10);

        var proposal = RecognitionMatcher.Propose(Ours(), [small, large], [Course(Volunteering), Course(FreeChoice)]);

        proposal.Matches.Should().HaveCount(2);
        proposal.Best!.Rule.Should().Be(large);
        proposal.Best.CreditMinutes.Should().Be(600);
        proposal.Explanations.Should().ContainSingle().Which.Sl.Should().Contain("šteje le enkrat");
    }

    [Fact]
    public void Propose_CapPartlyUsed_CreditsOnlyTheRestAndSaysSo()
    {
        // 60 school hours, at most 50 % from outside: 30 × 45 = 1350 min; 1000 already credited leaves 350.
        var course = Course(Volunteering, required: 60, hourMinutes: 45, capPercent: 50, credited: 1000);

        var proposal = RecognitionMatcher.Propose(Ours(), [BadgeRule(Volunteering, 10)], [course]);

        proposal.Best!.CreditMinutes.Should().Be(350);
        proposal.Best.RuleMinutes.Should().Be(600);
        proposal.Explanations.Should().ContainSingle().Which.En.Should().Contain("at most 30 hours (50 %)").And.Contain("7.77 hours are credited");
    }

    [Fact]
    public void Propose_CapReached_HasNoBestMatch()
    {
        var course = Course(Volunteering, required: 60, hourMinutes: 45, capPercent: 50, credited: 1350);

        var proposal = RecognitionMatcher.Propose(Ours(), [BadgeRule(Volunteering, 10)], [course]);

        proposal.Matches.Should().ContainSingle().Which.CreditMinutes.Should().Be(0);
        proposal.Best.Should().BeNull();
        proposal.Explanations.Should().ContainSingle().Which.Sl.Should().Contain("priznanih je 0 ur");
    }

    [Fact]
    public void GuaranteedCompetences_AllAndPrerequisites_CountButAlternativesDoNot()
    {
        var model = TestModels.Parse(TestModels.Valid).Model!;

        var competences = SubmittedBadge.GuaranteedCompetences(model, model.FindBadge("b2")!);

        // b2 = all(badge b1, competence c1 ≥ 2, at_least(practice | evidence)); b1 guarantees no competence.
        competences.Should().BeEquivalentTo(new Dictionary<string, int> { ["test-model/c1"] = 2 });
    }
}

/// Attended-hours rules: the attended minutes count, up to the rule's maximum.
public sealed class AttendedHoursRuleTests
{
    private static readonly Guid Course = Guid.NewGuid();

    private static SubmittedBadge Attended(int? minutes) =>
        new("https://badges.test/b", "initiative-leader", "1.0.0", "vdp.b.mladi-pobudnik", new Dictionary<string, int>(), minutes);

    private static RecognitionRule.AttendedHours Rule(decimal maxHours = 20) =>
        new(Guid.NewGuid(), Course, maxHours, 45, "initiative-leader", null, "vdp.b.mladi-pobudnik");

    private static CourseStanding Standing() => new(Course, new LocalizedText("Prosta izbira", "Free choice"), 60, 45, null, 0);

    [Theory]
    [InlineData(480, 20, 480)]
    [InlineData(1200, 20, 900)]
    public void Propose_AttendedMinutes_CreditsThemUpToTheMaximum(int attended, int maxHours, int expected)
    {
        var proposal = RecognitionMatcher.Propose(Attended(attended), [Rule(maxHours)], [Standing()]);

        proposal.Best!.CreditMinutes.Should().Be(expected);
    }

    [Fact]
    public void Propose_NoAttendanceRecorded_DoesNotMatchAndSaysWhy()
    {
        var proposal = RecognitionMatcher.Propose(Attended(null), [Rule()], [Standing()]);

        proposal.Best.Should().BeNull();
        proposal.Explanations.Should().ContainSingle().Which.En.Should().Contain("recorded no attendance");
    }

    [Fact]
    public void AttendanceCriteria_TrainingBadge_NamesItsTrainingAndModule()
    {
        var model = TestModels.Parse(TestModels.Valid).Model!;

        var criteria = SubmittedBadge.AttendanceCriteria(model.FindBadge("b1")!);

        criteria.Should().ContainSingle().Which.Should().Match<AttendanceCriterion>(c => c.TrainingId == "t1" && c.ModuleId == "m1");
    }
}
