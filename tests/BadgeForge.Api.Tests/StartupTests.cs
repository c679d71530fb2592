using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Features.Accounts;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests;

/// <summary>
/// Start-up as an operator meets it: the real executable, refusing bad configuration with one clear line,
/// and the database created and migrated on the first run.
/// </summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Oracle", null, "Unknown database provider 'Oracle'")]
    [InlineData("Postgres", null, "no connection string is set: set ConnectionStrings__BadgeForge")]
    [InlineData("Postgres", "Host=127.0.0.1;Port=1;Database=x;Username=u;Password=secret-pw;Timeout=3", "Cannot open the Postgres database (Host=127.0.0.1, Port=1, Database=x)")]
    public async Task Start_BadDatabaseConfiguration_ExitsWithOneClearLine(string provider, string? connectionString, string expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Database__Provider"] = provider,
            ["ConnectionStrings__BadgeForge"] = connectionString ?? "",
        };

        var (exitCode, stdout, stderr) = await RunApiAsync(environment, []);

        exitCode.Should().Be(1);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle("the operator gets one line, not a stack trace; stdout was: {0}", stdout)
            .Which.Should().StartWith("BadgeForge cannot start: ").And.Contain(expected).And.NotContain("secret-pw");
        stdout.Should().NotContain("   at ");
    }

    [Theory]
    [InlineData("", "PublicBaseUrl is not set")]
    [InlineData("ftp://badges.example.org", "is not an absolute http(s) URL")]
    public async Task Start_BadPublicBaseUrl_ExitsWithOneClearLine(string publicBaseUrl, string expected)
    {
        var (exitCode, stdout, stderr) = await RunApiAsync(new Dictionary<string, string?> { ["PublicBaseUrl"] = publicBaseUrl }, []);

        exitCode.Should().Be(1);
        stdout.Should().NotContain("   at ");
        stderr.Trim().Should().StartWith("BadgeForge cannot start: ").And.Contain(expected).And.NotContain("\n");
    }

    [Fact]
    public async Task Start_InvalidAuthOption_ExitsWithOneClearLine()
    {
        var directory = Directory.CreateTempSubdirectory("badgeforge-startup-");
        var (exitCode, stdout, stderr) = await RunApiAsync(new Dictionary<string, string?>
        {
            ["Auth__AccessTokenMinutes"] = "0",
            ["ConnectionStrings__BadgeForge"] = $"Data Source={directory.FullName}/bf.db",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        }, []);

        exitCode.Should().Be(1);
        stdout.Should().NotContain("   at ");
        stderr.Trim().Should().StartWith("BadgeForge cannot start: invalid configuration").And.Contain("AccessTokenMinutes").And.NotContain("\n");
    }

    [Fact]
    public async Task Start_UnknownJobsTimeZone_ExitsWithOneClearLine()
    {
        var directory = Directory.CreateTempSubdirectory("badgeforge-startup-");
        var (exitCode, stdout, stderr) = await RunApiAsync(new Dictionary<string, string?>
        {
            ["Jobs__TimeZone"] = "Europe/Atlantis",
            ["ConnectionStrings__BadgeForge"] = $"Data Source={directory.FullName}/bf.db",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        }, []);

        exitCode.Should().Be(1);
        stdout.Should().NotContain("   at ");
        stderr.Trim().Should().StartWith("BadgeForge cannot start: invalid configuration").And.Contain("Jobs:TimeZone").And.NotContain("\n");
    }

    [Fact]
    public async Task Start_VerificationResultCacheLongerThanRevocationAllows_ExitsWithOneClearLine()
    {
        var directory = Directory.CreateTempSubdirectory("badgeforge-startup-");
        var (exitCode, stdout, stderr) = await RunApiAsync(new Dictionary<string, string?>
        {
            ["Verification__ResultCacheSeconds"] = "60",
            ["ConnectionStrings__BadgeForge"] = $"Data Source={directory.FullName}/bf.db",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        }, []);

        exitCode.Should().Be(1);
        stdout.Should().NotContain("   at ");
        stderr.Trim().Should().StartWith("BadgeForge cannot start: invalid configuration").And.Contain("ResultCacheSeconds").And.NotContain("\n");
    }

    [Fact]
    public async Task Start_UnconvertibleSetting_ExitsWithOneLineNamingIt()
    {
        var directory = Directory.CreateTempSubdirectory("badgeforge-startup-");
        var (exitCode, stdout, stderr) = await RunApiAsync(new Dictionary<string, string?>
        {
            ["Email__Security"] = "Bogus",
            ["ConnectionStrings__BadgeForge"] = $"Data Source={directory.FullName}/bf.db",
        }, []);

        exitCode.Should().Be(1);
        stdout.Should().NotContain("   at ");
        stderr.Trim().Should().StartWith("BadgeForge cannot start: invalid configuration").And.Contain("Email:Security").And.NotContain("\n");
    }

    [Fact]
    public async Task CreateAdmin_Command_PrintsOneTimePasswordThatMustBeChanged()
    {
        var directory = Directory.CreateTempSubdirectory("badgeforge-admin-");
        var database = Path.Combine(directory.FullName, "nested", "badgeforge.db");
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__BadgeForge"] = $"Data Source={database}" };

        var (exitCode, stdout, stderr) = await RunApiAsync(environment, ["create-admin", "--email", "Root@Example.org", "--name", "Root"]);
        var (secondExit, _, secondError) = await RunApiAsync(environment, ["create-admin", "--email", "root@example.org"]);

        exitCode.Should().Be(0, stderr);
        var password = stdout.Split('\n').Single(l => l.StartsWith("One-time password: ", StringComparison.Ordinal))["One-time password: ".Length..].Trim();
        password.Should().HaveLength(20);
        File.Exists(database).Should().BeTrue("the first run creates and migrates the SQLite file, folders included");
        secondExit.Should().Be(1);
        secondError.Should().Contain("exists already");

        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var output = new StringWriter();
        await CreateAdminCommand.RunAsync(app.Services, ["create-admin", "--email", "first@example.org"], output, CancellationToken.None);
        var generated = output.ToString().Split('\n').Single(l => l.StartsWith("One-time password: ", StringComparison.Ordinal))["One-time password: ".Length..].Trim();
        var signIn = await app.ClientFor(null).PostAsync("/api/auth/token", System.Net.Http.Json.JsonContent.Create(new { email = "first@example.org", password = generated }));
        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean().Should().BeTrue();
        (await app.WithDbAsync(db => db.Accounts.SingleAsync(a => a.Email == "first@example.org"))).IsPlatformAdmin.Should().BeTrue();
    }

    [Fact]
    public async Task Start_PublishedModelEditedWithoutVersionBump_IsRefusedNamingTheFile()
    {
        var (environment, models) = TempInstallation();
        var file = Path.Combine(models, "initiative-leader", "1.0.0.yaml");

        var first = await RunApiAsync(environment, ["create-admin", "--email", "first@example.org"]);
        File.WriteAllText(file, File.ReadAllText(file) + "\n# a comment changes no meaning\n");
        var commentOnly = await RunApiAsync(environment, ["create-admin", "--email", "second@example.org"]);
        File.WriteAllText(file, File.ReadAllText(file).Replace("Social initiative leader", "Community initiative leader", StringComparison.Ordinal));
        var edited = await RunApiAsync(environment, ["create-admin", "--email", "third@example.org"]);

        first.ExitCode.Should().Be(0, first.Stderr);
        commentOnly.ExitCode.Should().Be(0, "comments and formatting carry no meaning: {0}", commentOnly.Stderr);
        edited.ExitCode.Should().Be(1);
        edited.Stderr.Should().Contain("competency-models/initiative-leader/1.0.0.yaml changed").And.Contain("new version");
        edited.Stdout.Should().NotContain("   at ");
    }

    [Fact]
    public async Task Start_InvalidModelFile_IsRefusedWithFileLineAndColumn()
    {
        var (environment, models) = TempInstallation();
        var file = Path.Combine(models, "as-aktiviraj-se", "1.0.0.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("status: published", "statuss: published", StringComparison.Ordinal));

        var (exitCode, _, stderr) = await RunApiAsync(environment, ["create-admin", "--email", "a@example.org"]);

        exitCode.Should().Be(1);
        stderr.Should().MatchRegex(@"(?i)competency-models/as-aktiviraj-se/1\.0\.0\.yaml:\d+:\d+: unknown-key: .*did you mean 'status'");
    }

    [Fact]
    public async Task LintModels_ShippedModelsAreClean_BrokenFileFails()
    {
        var (environment, models) = TempInstallation();

        var clean = await RunApiAsync(environment, ["lint-models"]);
        File.WriteAllText(Path.Combine(models, "community-worker", "1.0.0.yaml"), "id: community-worker\nversion: 1.0.0\n");
        var broken = await RunApiAsync(environment, ["lint-models", models]);

        clean.ExitCode.Should().Be(0, clean.Stdout);
        clean.Stdout.Should().Contain(", 0 problem(s)");
        broken.ExitCode.Should().Be(1);
        broken.Stdout.Should().MatchRegex(@"competency-models/community-worker/1\.0\.0\.yaml:\d+:\d+: ");
    }

    /// A copy of the shipped models and an empty SQLite database in a temporary folder.
    private static (Dictionary<string, string?> Environment, string Models) TempInstallation()
    {
        var root = Directory.CreateTempSubdirectory("badgeforge-models-").FullName;
        var models = Path.Combine(root, "competency-models");
        var source = Path.Combine(RepositoryPaths.Root, "competency-models");
        foreach (var path in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(models, Path.GetRelativePath(source, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }
        return (new Dictionary<string, string?>
        {
            ["CompetencyModels__Path"] = models,
            ["ConnectionStrings__BadgeForge"] = $"Data Source={Path.Combine(root, "badgeforge.db")}",
        }, models);
    }

    [Fact]
    public async Task Health_LiveAndReady_ReportDatabaseAndMigrations()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var live = await app.ClientFor(null).GetAsync("/health/live");
        var ready = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/health/ready");

        live.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.GetProperty("status").GetString().Should().Be("Healthy");
        ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().Should().Be("Healthy");
        ready.GetProperty("checks").GetProperty("migrations").GetProperty("description").GetString().Should().Be("All migrations applied.");
    }

    [Fact]
    public void PublicUrls_BuildsLinksFromConfiguredOriginOnly()
    {
        var urls = new PublicUrls("https://badges.example.org/");

        urls.For("/api/organisations/1").Should().Be("https://badges.example.org/api/organisations/1");
        urls.For("issuers/x").Should().Be("https://badges.example.org/issuers/x");
    }

    /// Runs the built BadgeForge.Api.dll as its own process, as `dotnet run` would, with a clean environment.
    private static Task<(int ExitCode, string Stdout, string Stderr)> RunApiAsync(
        IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BadgeForge.Api.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return ProcessRuns.RunUntilExitAsync(start, TimeSpan.FromSeconds(60));
    }
}
