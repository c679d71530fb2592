using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

public sealed class CriteriaNarrativeTests
{
    [Fact]
    public void Describe_ShippedBadges_NameTrainingsAndCompetencesByTitleInBothLanguages()
    {
        var root = CorePurityTests.RepositoryRoot();
        var catalog = CompetencyModelCatalog.Load(Directory.EnumerateFiles(Path.Combine(root, "competency-models"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => new ModelSource(Path.GetRelativePath(Path.Combine(root, "competency-models"), f).Replace('\\', '/'), File.ReadAllBytes(f))));
        var model = catalog.Find("as-aktiviraj-se@1.0.0")!;

        foreach (var badge in model.Badges)
        {
            var text = CriteriaNarrative.Describe(model, badge.Criteria.Rule);

            text.Sl.Should().NotBeNullOrWhiteSpace().And.NotContain("AttendanceCriterion");
            text.En.Should().NotBeNullOrWhiteSpace().And.StartWith("-");
        }
        var all = string.Join("\n", model.Badges.Select(b => CriteriaNarrative.Describe(model, b.Criteria.Rule).En));
        all.Should().Contain(model.Trainings[0].Title.En);
        all.Should().Contain("justified absences");
    }

    [Fact]
    public void Describe_Combinators_NestAsMarkdownList()
    {
        var tree = new AnyOf([new BadgeCriterion("a", false), new AllOf([new EvidenceCriterion("reflection", 2, null, 12)])]);

        var text = CriteriaNarrative.Describe(EmptyModel(), tree);

        text.En.Should().Be("- Any of:\n  - the badge “a”\n  - All of:\n    - at least 2 accepted evidence item(s) of kind “reflection”, within the last 12 months");
        text.Sl.Should().StartWith("- Izpolnjeno vsaj eno:");
    }

    private static CompetencyModel EmptyModel() => new(
        "m", SemanticVersion.Parse("1.0.0"), ModelStatus.Published, new LocalizedText("M", "M"), new LocalizedText("", ""),
        new ModelOwner("o", null), new Provenance(ProvenanceStatus.Official, new LocalizedText("", ""), []), null, [],
        new ProficiencyScale([]), new AssessmentRule([], 1), [], [], [], [], "");
}
