using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

public sealed class ModelDiffTests
{
    private static CompetencyModel Parse(string yaml) =>
        TestModels.Parse(yaml).Model ?? throw new InvalidOperationException(string.Join("; ", TestModels.Parse(yaml).Problems));

    [Fact]
    public void Compare_SameContent_IsEmpty()
    {
        var model = Parse(TestModels.Valid);

        var diff = ModelDiff.Compare(model, model);

        diff.IsEmpty.Should().BeTrue();
        diff.From.Should().Be(diff.To);
    }

    [Fact]
    public void Compare_AddedRemovedAndChanged_ListsEach()
    {
        var older = Parse(TestModels.Valid);
        var newer = Parse(TestModels.Valid
            .Replace("version: 1.0.0", "version: 1.1.0")
            .Replace("- id: c2\n", "- id: c3\n")
            .Replace("{id: 2a, text: {sl: Kazalnik dva, en: Indicator two}}",
                "{id: 2a, text: {sl: Kazalnik dva, en: Indicator 2}}\n              - {id: 2b, text: {sl: Nov, en: New}}")
            .Replace("min_share: 0.8", "min_share: 0.9"));

        var diff = ModelDiff.Compare(older, newer);

        diff.Competences.Should().Equal(
            new ModelChange(ChangeKind.Changed, "c1", "c1", diff.Competences[0].Details),
            new ModelChange(ChangeKind.Removed, "c2", "c2", []),
            new ModelChange(ChangeKind.Added, "c3", null, []));
        diff.Competences[0].Details.Should().Equal("level 2: indicator 2a reworded", "level 2: indicator 2b added");
        diff.Badges.Should().ContainSingle().Which.Should().Match<ModelChange>(c =>
            c.Kind == ChangeKind.Changed && c.Id == "b1" && c.Details.SequenceEqual(new[] { "criteria rule" }));
    }

    [Fact]
    public void Compare_DeclaredEquivalence_ReportsRenameInsteadOfRemoveAndAdd()
    {
        var older = Parse(TestModels.Valid);
        var newer = Parse(TestModels.Valid.Replace("version: 1.0.0", "version: 2.0.0").Replace("- id: c2\n", "- id: c2b\n") + """

            equivalences:
              - from: test-model@1.0.0
                competences:
                  - {from: c2, to: c2b}
            """);

        var diff = ModelDiff.Compare(older, newer);

        diff.Competences.Should().ContainSingle().Which.Should().Be(new ModelChange(ChangeKind.Renamed, "c2b", "c2", diff.Competences[0].Details));
        diff.Competences[0].Details.Should().BeEmpty();
        diff.Badges.Should().BeEmpty();
    }

    [Fact]
    public void Compare_ShippedCommunityWorker1And2_ShowsSplitCompetence()
    {
        var root = Path.Combine(CorePurityTests.RepositoryRoot(), "competency-models", "community-worker");
        var v1 = CompetencyModelParser.Parse("community-worker/1.0.0.yaml", File.ReadAllBytes(Path.Combine(root, "1.0.0.yaml"))).Model!;
        var v2 = CompetencyModelParser.Parse("community-worker/2.0.0.yaml", File.ReadAllBytes(Path.Combine(root, "2.0.0.yaml"))).Model!;

        var diff = ModelDiff.Compare(v1, v2);

        diff.Competences.Should().ContainEquivalentOf(new { Kind = ChangeKind.Renamed, Id = "sd.vr.refleksivna-praksa", PreviousId = "sd.vr.refleksija" });
        diff.Competences.Should().ContainEquivalentOf(new { Kind = ChangeKind.Added, Id = "sd.vr.skrb-zase" });
        diff.Competences.Should().NotContain(c => c.Kind == ChangeKind.Removed);
        diff.Badges.Where(b => b.Kind == ChangeKind.Renamed).Select(b => b.Id)
            .Should().BeEquivalentTo("sd.vr.refleksivna-praksa.l2", "sd.vr.refleksivna-praksa.l3");
        diff.Badges.Where(b => b.Kind == ChangeKind.Added).Select(b => b.Id)
            .Should().BeEquivalentTo("sd.vr.skrb-zase.l2", "sd.vr.skrb-zase.l3");
        diff.Badges.Should().ContainEquivalentOf(new { Kind = ChangeKind.Changed, Id = "sd.b.skupnostni-delavec" });
    }
}
