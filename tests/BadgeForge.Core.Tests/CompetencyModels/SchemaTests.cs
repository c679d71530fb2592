using System.Text.Json;
using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

/// <summary>The editor schema and the parser must agree on the format's shape.</summary>
public sealed class SchemaTests
{
    private static JsonElement LoadSchema()
    {
        var path = Path.Combine(CorePurityTests.RepositoryRoot(), "competency-models", "schema", "competency-model.schema.json");
        return JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.Clone();
    }

    [Fact]
    public void Schema_IsDraft07AndClosed()
    {
        var schema = LoadSchema();

        schema.GetProperty("$schema").GetString().Should().Be("http://json-schema.org/draft-07/schema#");
        schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        schema.GetProperty("properties").GetProperty("format").GetProperty("const").GetString().Should().Be(CompetencyModelParser.FormatId);
    }

    [Fact]
    public void Schema_EveryTopLevelProperty_IsKnownToTheParser()
    {
        var properties = LoadSchema().GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

        foreach (var name in properties)
        {
            var yaml = TestModels.Valid.Contains($"\n{name}:", StringComparison.Ordinal) ? TestModels.Valid : TestModels.Valid + $"\n{name}: x\n";
            TestModels.Parse(yaml).Problems.Should().NotContain(p => p.Code == ModelProblemCodes.UnknownKey, name);
        }
    }

    [Fact]
    public void Schema_EveryRequiredTopLevelProperty_IsRequiredByTheParser()
    {
        var required = LoadSchema().GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToList();

        foreach (var name in required)
        {
            var lines = TestModels.Valid.Split('\n');
            var start = Array.FindIndex(lines, l => l.StartsWith(name + ":", StringComparison.Ordinal));
            var end = Array.FindIndex(lines, start + 1, l => l.Length > 0 && !l.StartsWith(' '));
            var yaml = string.Join('\n', lines.Take(start).Concat(end < 0 ? [] : lines.Skip(end)));

            TestModels.Parse(yaml).Problems.Should().Contain(p => p.Code == ModelProblemCodes.MissingKey && p.Message.Contains($"'{name}'"), name);
        }
    }
}
