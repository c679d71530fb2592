using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests;

/// The committed contract (openapi/badgeforge.json) and the committed migrations match the code.
public sealed class ContractTests
{
    private static readonly string OpenApiFile = Path.Combine(RepositoryPaths.Root, "openapi", "badgeforge.json");

    /// <summary>
    /// Fails when the generated OpenAPI document differs from the committed one. To accept a change, run the tests
    /// with BADGEFORGE_UPDATE_OPENAPI=1 (scripts/update-openapi.sh) and commit the file.
    /// </summary>
    [Fact]
    public async Task OpenApi_CommittedDocument_MatchesGenerated()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var generated = JsonNode.Parse(await app.ClientFor(null).GetStringAsync("/openapi/v1.json"))!;
        var pretty = generated.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

        if (Environment.GetEnvironmentVariable("BADGEFORGE_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(OpenApiFile, pretty);
        }

        File.Exists(OpenApiFile).Should().BeTrue("openapi/badgeforge.json is committed; create it with scripts/update-openapi.sh");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(OpenApiFile))!;
        JsonNode.DeepEquals(committed, generated).Should().BeTrue(
            "openapi/badgeforge.json must match the code: run scripts/update-openapi.sh and commit the result");
    }

    [Fact]
    public async Task OpenApi_EveryOperation_HasSummaryAndTypedResponses()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var document = JsonNode.Parse(await app.ClientFor(null).GetStringAsync("/openapi/v1.json"))!;

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => op.Key is "get" or "post" or "put" or "delete" or "patch")
                .Select(op => (Name: $"{op.Key.ToUpperInvariant()} {path.Key}", Operation: op.Value!)))
            .ToList();

        operations.Should().NotBeEmpty();
        operations.Count(o => o.Operation["security"] is not null).Should().BeGreaterThan(5, "protected operations declare the Bearer scheme");
        foreach (var (name, operation) in operations)
        {
            operation["summary"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace($"{name} needs .WithSummary");
            var responses = operation["responses"]!.AsObject();
            responses.Should().NotBeEmpty($"{name} needs typed responses");
            responses.Where(r => r.Key.StartsWith('2') && r.Key != "204")
                .Should().NotContain(r => r.Value!["content"] == null, $"{name}'s success responses need a schema");
            if (operation["security"] is not null)
            {
                responses.Should().ContainKeys(["401", "403"], $"{name} is protected and documents its refusals");
            }
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Migrations_CoverTheModel_ForEachProvider(DatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<BadgeForgeDbContext>();
        new DatabaseSettings(provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost;Database=unused").Configure(options);
        using var db = new BadgeForgeDbContext(options.Options);

        db.Database.HasPendingModelChanges().Should().BeFalse(
            $"the {provider} migrations must match the model: run scripts/add-migration.sh <Name>");
        db.Database.GetMigrations().Should().NotBeEmpty();
    }
}
