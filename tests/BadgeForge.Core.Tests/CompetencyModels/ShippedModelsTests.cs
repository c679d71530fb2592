using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

/// <summary>Every file under competency-models/ must parse and validate, so CI rejects a broken model.</summary>
public sealed class ShippedModelsTests
{
    private static string ModelsDirectory() => Path.Combine(CorePurityTests.RepositoryRoot(), "competency-models");

    private static CompetencyModelCatalog LoadShippedCatalog()
    {
        var root = ModelsDirectory();
        var sources = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(path => new ModelSource(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllBytes(path)))
            .ToList();
        return CompetencyModelCatalog.Load(sources);
    }

    [Fact]
    public void Load_AllShippedModelFiles_FindsZeroProblems()
    {
        var catalog = LoadShippedCatalog();

        catalog.Problems.Select(p => p.ToString()).Should().BeEmpty();
        catalog.Files.Should().NotBeEmpty();
    }

    [Fact]
    public void Load_ShippedModels_ContainsTheThreePublishedModels()
    {
        var catalog = LoadShippedCatalog();

        foreach (var id in new[] { "community-worker", "initiative-leader", "as-aktiviraj-se" })
        {
            var model = catalog.Find($"{id}@1.0.0");
            model.Should().NotBeNull(id);
            model!.Status.Should().Be(ModelStatus.Published);
            catalog.Latest(id)!.Version.ToString().Should().Be("1.0.0", "2.0.0 of community-worker is still a draft");
        }
    }

    [Fact]
    public void Load_AsModel_HasModulesWithMinimumGroupHours()
    {
        var model = LoadShippedCatalog().Find("as-aktiviraj-se@1.0.0")!;

        var programme = model.Trainings.Should().ContainSingle().Subject;
        programme.Modules.Select(m => (m.Id, m.GroupHours, m.IndividualHoursPerWeek))
            .Should().Equal(("m1", 48m, 1m), ("m2", 480m, 1m), ("m3", 48m, 1m));
        programme.NominalHours.Should().Be(programme.Modules.Sum(m => m.GroupHours));
    }

    [Fact]
    public void Load_InitiativeLeader_HasTenHourOivYouthTraining()
    {
        var model = LoadShippedCatalog().Find("initiative-leader@1.0.0")!;

        var youth = model.Trainings.Single(t => t.Oiv.Eligible);
        youth.NominalHours.Should().Be(10m);
        var badge = model.Badges.Single(b => b.Criteria.Rule is AllOf all
            && all.Items.OfType<AttendanceCriterion>().Any(a => a.TrainingId == youth.Id));
        ((AllOf)badge.Criteria.Rule).Items.OfType<AttendanceCriterion>().Single().MinHours.Should().Be(10m);
    }

    [Fact]
    public void Load_ShippedModelFiles_StartWithSchemaComment()
    {
        foreach (var path in Directory.EnumerateFiles(ModelsDirectory(), "*.yaml", SearchOption.AllDirectories))
        {
            File.ReadLines(path).First().Should().Be("# yaml-language-server: $schema=../schema/competency-model.schema.json", path);
        }
    }
}
