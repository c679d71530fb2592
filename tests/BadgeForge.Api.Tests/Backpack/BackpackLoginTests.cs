using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Backpack;

/// Earners sign in with a one-time link mailed to the address their badges were awarded to.
public sealed class BackpackLoginTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LoginLink_EmailWithBadges_MailsBilingualLinkThatWorksOnce(DatabaseProvider provider)
    {
        var backpack = await BackpackApp.For(provider);
        var issuing = await Issuing.CreateAsync(backpack.App);
        var email = $"earner-{Guid.NewGuid():N}@example.org";
        await issuing.AwardAsync(email: email);

        var requested = await backpack.RequestLinkAsync(email.ToUpperInvariant());

        requested.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var mail = backpack.MailTo(email).Should().ContainSingle().Subject;
        mail.Subject.Should().Contain("Prijava").And.Contain("Sign in");
        mail.TextBody.Should().Contain("15 minut").And.Contain("15 minutes");
        mail.HtmlBody.Should().Contain("<a href=\"https://badges.test/backpack/login?token=");
        var token = backpack.LatestToken(email);
        var stored = await backpack.App.WithDbAsync(db => db.BackpackLoginTokens.AsNoTracking().SingleAsync(t => t.Email == email));
        stored.TokenHash.Should().NotContain(token, "only the token's SHA-256 is stored");
        (stored.ExpiresAt - stored.CreatedAt).Should().Be(TimeSpan.FromMinutes(15));

        var first = await backpack.ExchangeAsync(token);
        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var pair = await first.Content.ReadFromJsonAsync<JsonElement>();
        pair.GetProperty("mustChangePassword").GetBoolean().Should().BeFalse();
        var badges = await backpack.App.ClientWithToken(pair.GetProperty("accessToken").GetString())
            .GetFromJsonAsync<JsonElement>("/api/backpack/badges");
        badges.GetArrayLength().Should().Be(1);

        await (await backpack.ExchangeAsync(token)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var account = await backpack.App.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Email == email));
        account.DisplayName.Should().Be("Ana Novak", "the name comes from the award");
        account.MustChangePassword.Should().BeFalse();
        var passwordSignIn = await backpack.App.ClientFor(null).PostAsJsonAsync("/api/auth/token", new { email, password = "correct horse battery" });
        passwordSignIn.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an earner who signed in by link has no usable password");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LoginLink_UnknownEmail_Accepts_AndSendsNothing(DatabaseProvider provider)
    {
        var backpack = await BackpackApp.For(provider);
        var email = $"stranger-{Guid.NewGuid():N}@example.org";

        var response = await backpack.RequestLinkAsync(email);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, "the answer must not reveal whether an address has badges");
        backpack.MailTo(email).Should().BeEmpty();
        (await backpack.App.WithDbAsync(db => db.BackpackLoginTokens.CountAsync(t => t.Email == email))).Should().Be(0);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LoginLink_PasswordAccountWithoutBadges_GetsLinkToo(DatabaseProvider provider)
    {
        var backpack = await BackpackApp.For(provider);
        var account = await backpack.App.CreateAccountAsync();

        var client = await backpack.SignInByLinkAsync(account.Email);

        (await client.GetFromJsonAsync<JsonElement>("/api/backpack/badges")).GetArrayLength().Should().Be(0);
        (await backpack.App.WithDbAsync(db => db.Accounts.CountAsync(a => a.Email == account.Email))).Should().Be(1, "the existing account is used");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Login_LinkOlderThan15Minutes_IsUnauthorized(DatabaseProvider provider)
    {
        var backpack = await BackpackApp.For(provider);
        var issuing = await Issuing.CreateAsync(backpack.App);
        var email = $"late-{Guid.NewGuid():N}@example.org";
        await issuing.AwardAsync(email: email);
        await backpack.RequestLinkAsync(email);
        var token = backpack.LatestToken(email);
        var past = DateTime.UtcNow.AddMinutes(-16);
        await backpack.App.WithDbAsync(db => db.BackpackLoginTokens.Where(t => t.Email == email)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, past).SetProperty(t => t.ExpiresAt, past.AddMinutes(15))));

        var response = await backpack.ExchangeAsync(token);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("expired");
        (await backpack.App.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Email == email))).Should().BeFalse();
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task LoginLink_SixthWithinAnHour_IsAcceptedButNotSent(DatabaseProvider provider)
    {
        var backpack = await BackpackApp.For(provider);
        var issuing = await Issuing.CreateAsync(backpack.App);
        var email = $"eager-{Guid.NewGuid():N}@example.org";
        await issuing.AwardAsync(email: email);

        for (var i = 0; i < 6; i++)
        {
            (await backpack.RequestLinkAsync(email)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        backpack.MailTo(email).Should().HaveCount(5);
        (await backpack.App.WithDbAsync(db => db.BackpackLoginTokens.CountAsync(t => t.Email == email))).Should().Be(5);

        // The limit is a sliding hour kept in the database: once the earlier links are older than an hour, one more goes out.
        var past = DateTime.UtcNow.AddMinutes(-61);
        await backpack.App.WithDbAsync(db => db.BackpackLoginTokens.Where(t => t.Email == email)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, past).SetProperty(t => t.ExpiresAt, past.AddMinutes(15))));
        await backpack.RequestLinkAsync(email);
        backpack.MailTo(email).Should().HaveCount(6);
    }

    [Fact]
    public async Task Login_MalformedToken_IsUnauthorizedNot500()
    {
        var backpack = await BackpackApp.For(DatabaseProvider.Sqlite);

        var response = await backpack.ExchangeAsync("not a token / with ünïcode");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// The SMTP path: a mail server that cannot be reached must not turn into a 500 that only known addresses get.
public sealed class BackpackSmtpTests
{
    [Fact]
    public async Task LoginLink_SmtpUnreachable_StillAccepted()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Security"] = "None",
        });
        var issuing = await Issuing.CreateAsync(app);
        var email = $"smtp-{Guid.NewGuid():N}@example.org";
        await issuing.AwardAsync(email: email);

        var response = await app.ClientFor(null).PostAsJsonAsync("/api/backpack/login-link", new { email });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetProperty("en").GetString().Should().Contain("If badges");
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
