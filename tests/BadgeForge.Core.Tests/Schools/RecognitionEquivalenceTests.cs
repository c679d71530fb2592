using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Schools;

namespace BadgeForge.Core.Tests.Schools;

/// Rules honour the equivalences between model versions (competency-models/README.md §9), on the shipped
/// community-worker 1.0.0 → 2.0.0, which renames sd.vr.refleksija to sd.vr.refleksivna-praksa.
public sealed class RecognitionEquivalenceTests
{
    private static readonly Lazy<CompetencyModelCatalog> Catalog = new(() =>
    {
        var root = Path.Combine(CorePurityTests.RepositoryRoot(), "competency-models");
        return CompetencyModelCatalog.Load(Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(path => new ModelSource(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllBytes(path))));
    });

    private static readonly Guid Course = Guid.NewGuid();

    private static readonly CourseStanding Standing = new(Course, new LocalizedText("Prosta izbira", "Free choice"), 60, 45, null, 0);

    private static SubmittedBadge Badge(string version, string badgeId)
    {
        var model = Catalog.Value.Find($"community-worker@{version}")!;
        var badge = model.FindBadge(badgeId)!;
        return new SubmittedBadge(null, model.Id, version, badgeId, SubmittedBadge.GuaranteedCompetences(model, badge)).WithEquivalents(Catalog.Value);
    }

    private static RecognitionRule.Competences CompetenceRule(string competenceId, int minLevel) =>
        new(Guid.NewGuid(), Course, 5, 60, [new RequiredCompetence("community-worker", competenceId, minLevel)]);

    [Fact]
    public void Propose_CompetenceRuleNamingTheNewId_CountsACompetenceCertifiedByTheOldVersion()
    {
        var old = Badge("1.0.0", "sd.vr.refleksija.l2");

        var proposal = RecognitionMatcher.Propose(old, [CompetenceRule("sd.vr.refleksivna-praksa", 2)], [Standing]);

        proposal.Best.Should().NotBeNull("2.0.0 declares sd.vr.refleksija of 1.0.0 equivalent to sd.vr.refleksivna-praksa");
        proposal.Best!.CreditMinutes.Should().Be(300);
    }

    [Fact]
    public void Propose_CompetenceRuleNamingTheOldId_CountsTheNewVersionsEquivalent()
    {
        var current = Badge("2.0.0", "sd.vr.refleksivna-praksa.l2");

        RecognitionMatcher.Matches(CompetenceRule("sd.vr.refleksija", 2), current).Should().BeTrue();
        RecognitionMatcher.Matches(CompetenceRule("sd.vr.refleksija", 3), current).Should().BeFalse("the level still counts");
    }

    [Fact]
    public void Matches_AnyVersionBadgeRule_CountsTheRenamedBadgeOfTheOtherVersion_ButAPinnedRuleDoesNot()
    {
        var old = Badge("1.0.0", "sd.vr.refleksija.l2");
        RecognitionRule Rule(string? version) => new RecognitionRule.Badge(Guid.NewGuid(), Course, 5, 60, "community-worker", version, "sd.vr.refleksivna-praksa.l2", null);

        RecognitionMatcher.Matches(Rule(null), old).Should().BeTrue();
        RecognitionMatcher.Matches(Rule("2.0.0"), old).Should().BeFalse("a rule of one version recognises only that version");
    }

    [Fact]
    public void WithEquivalents_UnrelatedCompetence_IsNotAddedAndOtherModelsAreUntouched()
    {
        var old = Badge("1.0.0", "sd.vr.refleksija.l2");

        old.Competences.Keys.Should().BeEquivalentTo(["community-worker/sd.vr.refleksija", "community-worker/sd.vr.refleksivna-praksa"]);
        RecognitionMatcher.Matches(CompetenceRule("sd.vr.skrb-zase", 1), old).Should().BeFalse("the split-off competence was never certified");
    }
}
