using System.Net.Http.Json;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BadgeForge.Api.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task SignInRefreshAndPasswordChange_NeverLogSecrets()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });
        var logs = new CapturingLoggerProvider();
        using var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var account = await app.CreateAccountAsync(password: "first secret passphrase");
        var client = factory.CreateClient(new() { BaseAddress = new Uri(TestApp.PublicBaseUrl) });

        var tokens = (await (await client.PostAsJsonAsync("/api/auth/token", new { email = account.Email, password = account.Password }))
            .Content.ReadFromJsonAsync<TokenResponse>())!;
        var refreshed = (await (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken }))
            .Content.ReadFromJsonAsync<TokenResponse>())!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", refreshed.AccessToken);
        await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = account.Password, newPassword = "second secret passphrase" });
        await client.GetAsync("/api/me");

        var signingKey = Convert.ToBase64String(factory.Services.GetRequiredService<AccessTokenKeys>().Current.Key);
        logs.Lines.Should().NotBeEmpty();
        string[] secrets = [account.Password, "second secret passphrase", tokens.AccessToken, tokens.RefreshToken, refreshed.AccessToken,
            refreshed.RefreshToken, signingKey];
        foreach (var secret in secrets)
        {
            logs.Lines.Should().NotContain(line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Docs_ServesInteractiveReferenceWithoutExternalScripts()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var page = await app.CreateClient().GetStringAsync("/docs/");

        // Scalar resolves the source against the site's base path, i.e. /openapi/v1.json.
        page.Should().Contain("<script src=\"scalar.js\">").And.Contain("\"url\":\"openapi/v1.json\"");
        page.Should().NotContain("cdn.", "the reference page must work without internet");
        (await app.CreateClient().GetAsync("/docs/scalar.js")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await app.CreateClient().GetAsync("/openapi/v1.json")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }
}
