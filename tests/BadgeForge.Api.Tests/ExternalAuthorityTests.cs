using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BadgeForge.Api.Tests;

/// <summary>
/// Tokens from an external OpenID Connect provider (Keycloak, Entra ID) configured with Auth:External. The provider
/// here is a real HTTP server on 127.0.0.1 serving discovery metadata and its signing keys, as Keycloak would.
/// </summary>
public sealed class ExternalAuthorityTests
{
    [Fact]
    public async Task ExternalToken_ForKnownEmail_ActsAsThatAccount_OthersAreRefused()
    {
        await using var provider = await OidcProviderStub.StartAsync();
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Auth:External:Authority"] = provider.Issuer,
            ["Auth:External:Audience"] = "badgeforge",
            ["Auth:External:RequireHttpsMetadata"] = "false",
        });
        var account = await app.CreateAccountAsync();

        var known = await app.ClientWithToken(provider.Mint(account.Email.ToUpperInvariant())).GetAsync("/api/me");
        var unknown = await app.ClientWithToken(provider.Mint("nobody@example.org")).GetAsync("/api/me");
        var unverified = await app.ClientWithToken(provider.Mint(account.Email, emailVerified: false)).GetAsync("/api/me");
        var wrongAudience = await app.ClientWithToken(provider.Mint(account.Email, audience: "another-app")).GetAsync("/api/me");
        var forged = await app.ClientWithToken(provider.Mint(account.Email, key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = provider.KeyId })).GetAsync("/api/me");
        var own = await app.ClientWithToken(account.AccessToken).GetAsync("/api/me");
        // A well-formed header over a payload that is not JSON: the scheme selector must not trip over them.
        var garbage = await app.ClientWithToken("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln").GetAsync("/api/me");

        known.StatusCode.Should().Be(HttpStatusCode.OK);
        (await known.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid().Should().Be(account.Id);
        (await unknown.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("No BadgeForge account has the email nobody@example.org");
        (await unverified.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("not verified");
        (await wrongAudience.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("audience");
        (await forged.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("signature");
        own.StatusCode.Should().Be(HttpStatusCode.OK, "BadgeForge's own tokens keep working beside the provider's");
        await garbage.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private sealed class OidcProviderStub : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly RsaSecurityKey _key;

        private OidcProviderStub(WebApplication app, RsaSecurityKey key, string issuer)
        {
            _app = app;
            _key = key;
            Issuer = issuer;
        }

        public string Issuer { get; }
        public string KeyId => _key.KeyId;

        public static async Task<OidcProviderStub> StartAsync()
        {
            var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key" };
            var builder = WebApplication.CreateSlimBuilder();
            var app = builder.Build();
            app.Urls.Add("http://127.0.0.1:0");
            string? issuer = null;
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new { issuer, jwks_uri = issuer + "/jwks" }));
            app.MapGet("/jwks", () => Results.Json(new { keys = new[] { JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId }) } }));
            await app.StartAsync();
            issuer = app.Urls.First().TrimEnd('/');
            return new OidcProviderStub(app, key, issuer);
        }

        public string Mint(string email, bool emailVerified = true, string audience = "badgeforge", SecurityKey? key = null) =>
            new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = audience,
                Expires = DateTime.UtcNow.AddMinutes(5),
                Claims = new Dictionary<string, object> { ["sub"] = "keycloak-user-1", ["email"] = email, ["email_verified"] = emailVerified },
                SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
            });

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
