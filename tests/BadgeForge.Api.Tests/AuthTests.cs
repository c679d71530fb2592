using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BadgeForge.Api.Tests;

public sealed class AuthTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task IssueToken_CorrectPassword_ReturnsTokensThatWork(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var account = await app.CreateAccountAsync(email: $"Ana.{Guid.NewGuid():N}@Example.org".ToLowerInvariant());

        var response = await app.ClientFor(null).PostAsJsonAsync("/api/auth/token", new { email = account.Email.ToUpperInvariant(), password = account.Password });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var tokens = (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
        tokens.TokenType.Should().Be("Bearer");
        tokens.ExpiresIn.Should().Be(15 * 60);
        tokens.RefreshToken.Should().HaveLength(43);
        var jwt = new JsonWebToken(tokens.AccessToken);
        jwt.Issuer.Should().Be(TestApp.PublicBaseUrl);
        jwt.Audiences.Should().Equal("badgeforge-api");
        jwt.Alg.Should().Be("HS256");
        jwt.Subject.Should().Be(account.Id.ToString());
        var me = await app.ClientWithToken(tokens.AccessToken).GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("email").GetString().Should().Be(account.Email);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task IssueToken_WrongPasswordOrUnknownEmail_SameGenericProblem(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var account = await app.CreateAccountAsync();

        var wrong = await app.ClientFor(null).PostAsJsonAsync("/api/auth/token", new { email = account.Email, password = "not the password" });
        var unknown = await app.ClientFor(null).PostAsJsonAsync("/api/auth/token", new { email = "nobody@example.org", password = "whatever it is" });

        (await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Be("The email or password is wrong.");
        (await unknown.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Be("The email or password is wrong.");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task IssueToken_AfterFiveFailures_LocksEvenTheRightPassword(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var account = await app.CreateAccountAsync();
        var client = app.ClientFor(null);

        for (var i = 0; i < 5; i++)
        {
            (await client.PostAsJsonAsync("/api/auth/token", new { email = account.Email, password = "guess number " + i }))
                .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        var locked = await client.PostAsJsonAsync("/api/auth/token", new { email = account.Email, password = account.Password });

        (await locked.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("locked until");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Refresh_RotatesAndDetectsReuse(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var account = await app.CreateAccountAsync();
        var client = app.ClientFor(null);
        var first = await SignInAsync(client, account);

        var second = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        var rotated = (await second.Content.ReadFromJsonAsync<TokenResponse>())!;
        rotated.RefreshToken.Should().NotBe(first.RefreshToken);

        // The first token was used once: presenting it again is theft, and the whole chain dies.
        var reuse = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        (await reuse.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("already used");
        var afterTheft = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = rotated.RefreshToken });
        await afterTheft.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Refresh_ConcurrentUseOfOneToken_OnlyOneWins(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var account = await app.CreateAccountAsync();
        var tokens = await SignInAsync(app.ClientFor(null), account);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            app.ClientFor(null).PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().BeLessThanOrEqualTo(1);
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Logout_RevokesRefreshTokens(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var account = await app.CreateAccountAsync();
        var tokens = await SignInAsync(app.ClientFor(null), account);

        (await app.ClientWithToken(tokens.AccessToken).PostAsync("/api/auth/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var refresh = await app.ClientFor(null).PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken });
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ChangePassword_GeneratedPassword_UnlocksTheAccount(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var account = await app.CreateAccountAsync(mustChangePassword: true);
        var tokens = await SignInAsync(app.ClientFor(null), account);
        tokens.MustChangePassword.Should().BeTrue();
        (await app.ClientWithToken(tokens.AccessToken).GetAsync("/api/organisations")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var weak = await app.ClientWithToken(tokens.AccessToken).PostAsJsonAsync("/api/auth/password",
            new { currentPassword = account.Password, newPassword = "short" });
        (await weak.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("newPassword").Should().Contain(m => m.Contains("at least 12"));
        var wrongCurrent = await app.ClientWithToken(tokens.AccessToken).PostAsJsonAsync("/api/auth/password",
            new { currentPassword = "not the current one", newPassword = "a much better passphrase" });
        (await wrongCurrent.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("currentPassword").Should().NotBeEmpty();

        var changed = await app.ClientWithToken(tokens.AccessToken).PostAsJsonAsync("/api/auth/password",
            new { currentPassword = account.Password, newPassword = "a much better passphrase" });

        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        var fresh = (await changed.Content.ReadFromJsonAsync<TokenResponse>())!;
        fresh.MustChangePassword.Should().BeFalse();
        (await app.ClientWithToken(fresh.AccessToken).GetAsync("/api/organisations")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.ClientFor(null).PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a password change revokes earlier refresh tokens");
        (await app.ClientFor(null).PostAsJsonAsync("/api/auth/token", new { email = account.Email, password = account.Password }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AccessToken_Expired_IsRefusedWithPreciseProblem()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var account = await app.CreateAccountAsync();
        var token = Mint(app, account.Id, expires: DateTime.UtcNow.AddMinutes(-5));

        var response = await app.ClientWithToken(token).GetAsync("/api/me");

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("expired");
        response.Headers.WwwAuthenticate.ToString().Should().Contain("error=\"invalid_token\"").And.Contain("expired");
    }

    [Fact]
    public async Task AccessToken_ForgedWithAnotherKey_IsRefused()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var account = await app.CreateAccountAsync();
        var token = Mint(app, account.Id, key: new SymmetricSecurityKey(new byte[32]));

        var response = await app.ClientWithToken(token).GetAsync("/api/me");

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("signature");
    }

    [Fact]
    public async Task AccessToken_WrongIssuerOrAudience_IsRefused()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var account = await app.CreateAccountAsync();

        var wrongIssuer = await app.ClientWithToken(Mint(app, account.Id, issuer: "https://evil.example")).GetAsync("/api/me");
        var wrongAudience = await app.ClientWithToken(Mint(app, account.Id, audience: "another-api")).GetAsync("/api/me");

        (await wrongIssuer.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("issuer");
        (await wrongAudience.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("audience");
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIn0.")]
    public async Task AccessToken_MalformedOrUnsigned_IsRefused(string token)
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientWithToken(token).GetAsync("/api/me");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("invalid_token");
    }

    private static async Task<TokenResponse> SignInAsync(HttpClient client, TestAccount account)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = account.Email, password = account.Password });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    private static string Mint(TestApp app, Guid accountId, DateTime? expires = null, SecurityKey? key = null, string? issuer = null, string? audience = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? TestApp.PublicBaseUrl,
            Audience = audience ?? "badgeforge-api",
            Claims = new Dictionary<string, object> { ["sub"] = accountId.ToString() },
            IssuedAt = exp.AddMinutes(-15),
            NotBefore = exp.AddMinutes(-15),
            Expires = exp,
            SigningCredentials = new SigningCredentials(key ?? app.Services.GetRequiredService<AccessTokenKeys>().Current, SecurityAlgorithms.HmacSha256),
        });
    }
}
