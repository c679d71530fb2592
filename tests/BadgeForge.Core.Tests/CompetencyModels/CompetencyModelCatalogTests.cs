using System.Text;
using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

public sealed class CompetencyModelCatalogTests
{
    private static readonly string Version2 = TestModels.Valid.Replace("version: 1.0.0", "version: 2.0.0")
        .Replace("- id: c2\n", "- id: c2b\n") + """

        equivalences:
          - from: test-model@1.0.0
            competences:
              - {from: c2, to: c2b}
            badges:
              - {from: b1, to: b1}
        """;

    private static ModelSource Source(string fileName, string yaml) => new(fileName, Encoding.UTF8.GetBytes(yaml));

    [Fact]
    public void Load_ConsistentFiles_IsValidAndFindsByReference()
    {
        var catalog = CompetencyModelCatalog.Load([Source("test-model/1.0.0.yaml", TestModels.Valid), Source("test-model/2.0.0.yaml", Version2)]);

        catalog.Problems.Should().BeEmpty();
        catalog.IsValid.Should().BeTrue();
        catalog.Find("test-model@1.0.0")!.Version.ToString().Should().Be("1.0.0");
        catalog.Find(ModelReference.Parse("test-model@2.0.0")).Should().NotBeNull();
        catalog.Find("test-model@3.0.0").Should().BeNull();
        catalog.Find("not a reference").Should().BeNull();
        catalog.Versions("test-model").Select(m => m.Version.ToString()).Should().Equal("1.0.0", "2.0.0");
        catalog.Latest("test-model")!.Version.ToString().Should().Be("2.0.0");
    }

    [Fact]
    public void Load_DirectoryNotEqualToId_ReportsAtIdLine()
    {
        var catalog = CompetencyModelCatalog.Load([Source("other-model/1.0.0.yaml", TestModels.Valid)]);

        var problem = catalog.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ModelProblemCodes.DirectoryMismatch);
        (problem.Line, problem.Column).Should().Be(TestModels.PositionOf(TestModels.Valid, "test-model"));
        problem.File.Should().Be("other-model/1.0.0.yaml");
    }

    [Fact]
    public void Load_FileNameNotEqualToVersion_ReportsAtVersionLine()
    {
        var catalog = CompetencyModelCatalog.Load([Source(@"test-model\1.0.1.yaml", TestModels.Valid)]);

        var problem = catalog.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ModelProblemCodes.FileNameMismatch);
        (problem.Line, problem.Column).Should().Be(TestModels.PositionOf(TestModels.Valid, "1.0.0"));
    }

    [Fact]
    public void Load_SameVersionTwice_ReportsDuplicateModel()
    {
        var catalog = CompetencyModelCatalog.Load([Source("test-model/1.0.0.yaml", TestModels.Valid), Source("test-model/1.0.0.yaml", TestModels.Valid)]);

        catalog.Problems.Should().ContainSingle().Which.Code.Should().Be(ModelProblemCodes.DuplicateModel);
        catalog.Models.Should().ContainSingle();
    }

    [Fact]
    public void Load_EquivalenceFromMissingVersion_ReportsAtFrom()
    {
        var catalog = CompetencyModelCatalog.Load([Source("test-model/2.0.0.yaml", Version2)]);

        var problem = catalog.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ModelProblemCodes.EquivalenceTargetMissing);
        (problem.Line, problem.Column).Should().Be(TestModels.PositionOf(Version2, "test-model@1.0.0"));
    }

    [Fact]
    public void Load_EquivalenceFromUnknownCompetence_ReportsAtMapping()
    {
        var yaml = Version2.Replace("{from: c2, to: c2b}", "{from: c22, to: c2b}");

        var catalog = CompetencyModelCatalog.Load([Source("test-model/1.0.0.yaml", TestModels.Valid), Source("test-model/2.0.0.yaml", yaml)]);

        var problem = catalog.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(ModelProblemCodes.EquivalenceTargetMissing);
        (problem.Line, problem.Column).Should().Be(TestModels.PositionOf(yaml, "c22"));
        problem.Message.Should().Contain("Did you mean 'c2'?");
    }

    [Fact]
    public void Load_EquivalenceFromUnknownBadge_Reports()
    {
        var yaml = Version2.Replace("{from: b1, to: b1}", "{from: b7, to: b1}");

        var catalog = CompetencyModelCatalog.Load([Source("test-model/1.0.0.yaml", TestModels.Valid), Source("test-model/2.0.0.yaml", yaml)]);

        catalog.Problems.Should().ContainSingle().Which.Code.Should().Be(ModelProblemCodes.EquivalenceTargetMissing);
    }

    [Fact]
    public void Load_BrokenFile_KeepsItsProblemsAndTheOtherModels()
    {
        var catalog = CompetencyModelCatalog.Load([
            Source("test-model/1.0.0.yaml", TestModels.Valid),
            Source("test-model/2.0.0.yaml", Version2.Replace("status: published", "status: gone")),
        ]);

        catalog.IsValid.Should().BeFalse();
        catalog.Problems.Should().ContainSingle().Which.File.Should().Be("test-model/2.0.0.yaml");
        catalog.Models.Should().ContainSingle().Which.Version.ToString().Should().Be("1.0.0");
    }

    [Fact]
    public void Latest_DraftNewerVersion_ReturnsPublishedUnlessDraftsIncluded()
    {
        var catalog = CompetencyModelCatalog.Load([
            Source("test-model/1.0.0.yaml", TestModels.Valid),
            Source("test-model/2.0.0.yaml", Version2.Replace("status: published", "status: draft")),
        ]);

        catalog.Latest("test-model")!.Version.ToString().Should().Be("1.0.0");
        catalog.Latest("test-model", includeDrafts: true)!.Version.ToString().Should().Be("2.0.0");
        catalog.Latest("unknown").Should().BeNull();
    }

    [Fact]
    public void EquivalentCompetenceId_DeclaredAndImplicitMappings_Resolve()
    {
        var catalog = CompetencyModelCatalog.Load([Source("test-model/1.0.0.yaml", TestModels.Valid), Source("test-model/2.0.0.yaml", Version2)]);
        var v2 = catalog.Find("test-model@2.0.0")!;
        var v1 = ModelReference.Parse("test-model@1.0.0");

        v2.EquivalentCompetenceId(v1, "c2").Should().Be("c2b");
        v2.EquivalentCompetenceId(v1, "c1").Should().Be("c1", "unmapped ids that still exist carry over");
        v2.EquivalentCompetenceId(v1, "gone").Should().BeNull();
        v2.EquivalentCompetenceId(ModelReference.Parse("other@1.0.0"), "c1").Should().BeNull("another model's ids are unrelated");
        v2.EquivalentBadgeId(v1, "b1").Should().Be("b1");
    }

    [Fact]
    public void MapCompetenceId_AcrossSeveralVersions_FollowsEachStep()
    {
        var version3 = TestModels.Valid.Replace("version: 1.0.0", "version: 3.0.0").Replace("- id: c2\n", "- id: c2c\n") + """

            equivalences:
              - from: test-model@2.0.0
                competences:
                  - {from: c2b, to: c2c}
            """;
        var catalog = CompetencyModelCatalog.Load([
            Source("test-model/1.0.0.yaml", TestModels.Valid), Source("test-model/2.0.0.yaml", Version2), Source("test-model/3.0.0.yaml", version3),
        ]);
        catalog.Problems.Should().BeEmpty();
        var v1 = ModelReference.Parse("test-model@1.0.0");
        var v3 = ModelReference.Parse("test-model@3.0.0");

        catalog.MapCompetenceId(v1, "c2", v3).Should().Be("c2c");
        catalog.MapCompetenceId(v1, "c1", v3).Should().Be("c1");
        catalog.MapCompetenceId(v1, "missing", v3).Should().BeNull();
        catalog.MapBadgeId(v1, "b2", v3).Should().Be("b2");
        catalog.MapCompetenceId(v3, "c2c", v3).Should().Be("c2c");
    }
}
