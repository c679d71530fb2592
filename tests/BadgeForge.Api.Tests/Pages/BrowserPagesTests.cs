using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace BadgeForge.Api.Tests.Pages;

/// <summary>
/// The public pages in real headless Chromium (Debian's, never a downloaded browser) against the app on real Kestrel:
/// what an employer sees after scanning a QR code on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task VerificationPage_OnPhone_ShowsValidStatusBadgeAndSwitchesLanguage()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var (award, _) = await AwardAsync(app);
        await using var context = await browser.NewPhoneContextAsync("sl-SI");
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(award.GetProperty("url").GetString()!);

        response!.Status.Should().Be(200);
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("sl");
        (await page.Locator("[role=status]").First.InnerTextAsync()).Should().Contain("Veljavna značka");
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Mladi pobudnik");
        (await page.Locator("img").First.GetAttributeAsync("alt")).Should().Contain("Mladi pobudnik");
        var image = await page.Locator("img").First.EvaluateAsync<int>("i => i.naturalWidth");
        image.Should().BeGreaterThan(0, "the badge image loads from the one public origin");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).Should().BeLessThanOrEqualTo(0, "nothing overflows a phone screen");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        (await page.Locator("[role=status]").First.InnerTextAsync()).Should().Contain("Valid badge");
        (await page.Locator("dd").Filter(new() { HasText = "verified" }).CountAsync()).Should().Be(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "badgeforge-verification.png"), FullPage = true });
    }

    [Fact]
    public async Task VerificationPage_WithoutJavaScript_RecipientCheckAnswersYesOrNo()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var (award, email) = await AwardAsync(app);
        await using var context = await browser.NewPhoneContextAsync("en-GB", javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(award.GetProperty("url").GetString()!);

        await page.GetByLabel("Check that this badge belongs to the email address").FillAsync(email.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();

        (await page.Locator("p[role=status]").InnerTextAsync()).Should().StartWith("Yes");
        (await page.ContentAsync()).Should().NotContain("Ana Novak", "the name stays hidden without the earner's consent");

        await page.GetByLabel("Check that this badge belongs to the email address").FillAsync("someone.else@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        (await page.Locator("p[role=status]").InnerTextAsync()).Should().StartWith("No");
    }

    [Fact]
    public async Task VerificationPage_RevokedBadge_SaysSoUnmistakably()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var (award, _) = await AwardAsync(app, revoke: "Podeljena pomotoma");
        await using var context = await browser.NewPhoneContextAsync("sl");
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(award.GetProperty("url").GetString()!);

        response!.Status.Should().Be(410);
        var status = await page.Locator(".status.revoked").InnerTextAsync();
        status.Should().Contain("preklicana").And.Contain("Podeljena pomotoma");
    }

    [Fact]
    public async Task VerificationPage_ExpiredAndUnknownBadges_SaySo()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var (award, _) = await AwardAsync(app);
        var id = award.GetProperty("id").GetString()!;
        // Time passes: the badge's expiry is now behind us.
        await app.WithDbAsync(db => db.Awards.Where(a => a.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ExpiresAt, new DateTime(2025, 1, 31, 0, 0, 0, DateTimeKind.Utc))));
        await using var context = await browser.NewPhoneContextAsync("en");
        var page = await context.NewPageAsync();

        await page.GotoAsync(award.GetProperty("url").GetString()!);
        var expired = await page.Locator(".status.expired").InnerTextAsync();
        var missing = await page.GotoAsync($"{app.KestrelBaseUrl}/assertions/no-such-badge");

        expired.Should().Contain("expired on 31. 1. 2025");
        missing!.Status.Should().Be(404);
        (await page.Locator(".status.notfound").InnerTextAsync()).Should().Contain("No such badge");
    }

    [Fact]
    public async Task VerificationPage_CorrectedBadge_SaysSupersededAndLinksTheNewerVersion()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var (old, corrected) = await CorrectedAsync(app);
        await using var context = await browser.NewPhoneContextAsync("sl");
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(old.GetProperty("url").GetString()!);

        response!.Status.Should().Be(410, "the old version is revoked");
        (await page.Locator(".status.superseded").InnerTextAsync()).Should().Contain("popravljena").And.Contain("Odpri novejšo različico");
        (await page.Locator("ol.versions li").CountAsync()).Should().Be(2);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).Should().BeLessThanOrEqualTo(0, "nothing overflows a phone screen");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        (await page.Locator(".status.superseded").InnerTextAsync()).Should().Contain("Badge corrected on").And.Contain("no longer valid");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the newer version" }).ClickAsync();

        page.Url.Should().StartWith(corrected.GetProperty("url").GetString()!);
        (await page.Locator(".status.valid").InnerTextAsync()).Should().Contain("Valid badge");
        (await page.Locator("ol.versions li").Last.InnerTextAsync()).Should().Contain("correction").And.Contain("this page").And.Contain("newest");
        await page.Locator("ol.versions li a").First.ClickAsync();
        page.Url.Should().StartWith(old.GetProperty("url").GetString()!);
    }

    [Fact]
    public async Task QrCode_ScannedAndFollowedLikeAPhone_LeadsToValidBadge()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var (award, _) = await AwardAsync(app);
        using var http = new HttpClient();
        var file = Path.Combine(Path.GetTempPath(), $"scan-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, await http.GetByteArrayAsync(award.GetProperty("links").GetProperty("qrPng").GetString()));

        var scanned = AssertionsTests.Zbar(file);
        await using var context = await browser.NewPhoneContextAsync("sl");
        var page = await context.NewPageAsync();
        await page.GotoAsync(scanned);

        scanned.Should().Be(award.GetProperty("url").GetString());
        (await page.Locator(".status.valid").InnerTextAsync()).Should().Contain("Veljavna značka");
    }

    /// <summary>
    /// Screenshots of each page state at a phone viewport, for review; scripts/screenshots.sh runs this with
    /// BADGEFORGE_SCREENSHOTS=docs/screenshots to refresh the images linked from the README.
    /// </summary>
    [Fact]
    public async Task Screenshots_OfEachState_AreWritten()
    {
        var folder = Environment.GetEnvironmentVariable("BADGEFORGE_SCREENSHOTS") is { Length: > 0 } target
            ? Path.GetFullPath(target)
            : Directory.CreateTempSubdirectory("badgeforge-screens-").FullName;
        Directory.CreateDirectory(folder);
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var (valid, _) = await AwardAsync(app);
        var (revoked, _) = await AwardAsync(app, revoke: "Podeljena pomotoma / issued by mistake");
        var (expired, _) = await AwardAsync(app);
        var expiredId = expired.GetProperty("id").GetString()!;
        await app.WithDbAsync(db => db.Awards.Where(a => a.Id == expiredId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ExpiresAt, new DateTime(2025, 1, 31, 0, 0, 0, DateTimeKind.Utc))));
        var (superseded, _) = await CorrectedAsync(app);
        var states = new (string Name, string Url)[]
        {
            ("superseded", superseded.GetProperty("url").GetString()!),
            ("valid", valid.GetProperty("url").GetString()!),
            ("revoked", revoked.GetProperty("url").GetString()!),
            ("expired", expired.GetProperty("url").GetString()!),
            ("not-found", $"{app.KestrelBaseUrl}/assertions/no-such-badge"),
            ("competence", $"{app.KestrelBaseUrl}/models/as-aktiviraj-se/1.0.0"),
        };

        foreach (var language in new[] { "sl", "en" })
        {
            await using var context = await browser.NewPhoneContextAsync(language);
            var page = await context.NewPageAsync();
            foreach (var (name, url) in states)
            {
                await page.GotoAsync(url);
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{language}.png"), FullPage = true });
            }
        }

        Directory.GetFiles(folder, "*.png").Should().HaveCount(states.Length * 2);
    }

    [Fact]
    public async Task BackpackPage_EmailedLink_OpensTheEarnersBadgesOnce()
    {
        var mail = Directory.CreateTempSubdirectory("badgeforge-mail-").FullName;
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Email:PickupDirectory"] = mail });
        var (_, email) = await AwardAsync(app);
        using var client = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        (await client.PostAsJsonAsync("/api/backpack/login-link", new { email })).StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        var message = MimeKit.MimeMessage.Load(Directory.GetFiles(mail, "*.eml").Single());
        var link = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? message.HtmlBody ?? "", @"https?://\S+/backpack/login\?token=[\w-]+").Value;
        await using var context = await browser.NewPhoneContextAsync("sl");
        var page = await context.NewPageAsync();

        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Odpri moj nahrbtnik" }).ClickAsync();

        (await page.Locator("h2").First.InnerTextAsync()).Should().Be("Mladi pobudnik");
        (await page.Locator("a", new() { HasText = "Dodaj na LinkedIn" }).GetAttributeAsync("href")).Should().StartWith("https://www.linkedin.com/profile/add?");
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Odpri moj nahrbtnik" }).ClickAsync();
        (await page.Locator("[role=alert]").InnerTextAsync()).Should().Contain("že bila uporabljena", "a sign-in link works once");
    }

    [Fact]
    public async Task BackpackPage_BrowserSession_ControlsVisibilityAndShareLinks()
    {
        var mail = Directory.CreateTempSubdirectory("badgeforge-mail-").FullName;
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Email:PickupDirectory"] = mail });
        var (award, email) = await AwardAsync(app);
        using var client = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        (await client.PostAsJsonAsync("/api/backpack/login-link", new { email })).StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        var message = MimeKit.MimeMessage.Load(Directory.GetFiles(mail, "*.eml").Single());
        var link = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? message.HtmlBody ?? "", @"https?://\S+/backpack/login\?token=[\w-]+").Value;
        await using var context = await browser.NewPhoneContextAsync("en");
        var page = await context.NewPageAsync();

        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open my backpack" }).ClickAsync();

        page.Url.Should().StartWith($"{app.KestrelBaseUrl}/backpack?lang=en");
        var session = (await context.CookiesAsync()).Should().ContainSingle(c => c.Name == "badgeforge-backpack").Subject;
        session.HttpOnly.Should().BeTrue();
        session.SameSite.Should().Be(SameSiteAttribute.Lax);
        session.Secure.Should().BeFalse("PublicBaseUrl is plain http here; with https the cookie is Secure");
        session.Path.Should().Be("/backpack");
        var controls = page.Locator($"#badge-{award.GetProperty("id").GetString()}");
        (await controls.InnerTextAsync()).Should().Contain("Visibility: private");

        await controls.GetByRole(AriaRole.Button, new() { Name = "Make public" }).ClickAsync();
        (await controls.InnerTextAsync()).Should().Contain("Visibility: public");

        await controls.GetByLabel("show my name").CheckAsync();
        await controls.GetByLabel("valid for").SelectOptionAsync("7");
        await controls.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var shareUrl = await controls.Locator("a.share-link").GetAttributeAsync("href");
        var shared = await context.NewPageAsync();
        (await shared.GotoAsync(shareUrl!))!.Status.Should().Be(200);
        (await shared.ContentAsync()).Should().Contain("Ana Novak", "the earner chose to show the name on this link");

        var forged = await context.APIRequest.PostAsync($"{app.KestrelBaseUrl}/backpack/badges/{award.GetProperty("id").GetString()}/visibility",
            new() { Form = context.APIRequest.CreateFormData().Set("public", "false") });
        forged.Status.Should().Be(400, "a form without the page's antiforgery token is refused even with the session cookie");

        await controls.GetByRole(AriaRole.Button, new() { Name = "Revoke link" }).ClickAsync();
        (await controls.Locator("a.share-link").CountAsync()).Should().Be(0);
        (await shared.GotoAsync(shareUrl!))!.Status.Should().Be(404);
        (await controls.InnerTextAsync()).Should().Contain("Visibility: public");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        (await page.Locator("[role=alert]").InnerTextAsync()).Should().Contain("not signed in");
    }

    [Fact]
    public async Task CompetencePage_ShowsIndicatorsAndLinksLevels()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        await using var context = await browser.NewPhoneContextAsync("en");
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{app.KestrelBaseUrl}/models/as-aktiviraj-se/1.0.0");
        await page.Locator("main li a").First.ClickAsync();

        (await page.Locator("h1").InnerTextAsync()).Should().NotBeNullOrWhiteSpace();
        (await page.Locator("li[id^=indicator-]").CountAsync()).Should().BeGreaterThan(0);
        await page.Locator("h2 a").First.ClickAsync();
        page.Url.Should().Contain("/levels/1");
        (await page.Locator("h1").InnerTextAsync()).Should().Contain("level 1");
    }

    /// An award and its correction by an organisation admin: (the old, now superseded, award; the corrected one).
    private static async Task<(JsonElement Old, JsonElement Corrected)> CorrectedAsync(TestApp app)
    {
        var organisation = await app.CreateOrganisationAsync();
        var admin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        using var client = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin.AccessToken);
        var old = await (await client.PostAsJsonAsync($"/api/organisations/{organisation.Id}/assertions",
            new { badge = Issuing.YouthBadge, recipientEmail = $"ana-{Guid.NewGuid():N}@example.org", recipientName = "Ana Novak" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var corrected = await client.PostAsJsonAsync(
            $"/api/organisations/{organisation.Id}/assertions/{old.GetProperty("id").GetString()}/correct", new { recipientName = "Ana Novák" });
        corrected.EnsureSuccessStatusCode();
        return (old, await corrected.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<(JsonElement Award, string Email)> AwardAsync(TestApp app, string? revoke = null)
    {
        var organisation = await app.CreateOrganisationAsync();
        var trainer = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer));
        using var client = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", trainer.AccessToken);
        var email = $"ana-{Guid.NewGuid():N}@example.org";
        var response = await client.PostAsJsonAsync($"/api/organisations/{organisation.Id}/assertions",
            new { badge = Issuing.YouthBadge, recipientEmail = email, recipientName = "Ana Novak" });
        var award = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (revoke is not null)
        {
            (await client.PostAsJsonAsync($"/api/organisations/{organisation.Id}/assertions/{award.GetProperty("id").GetString()}/revoke",
                new { reason = revoke })).EnsureSuccessStatusCode();
        }
        return (award, email);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>One Chromium for all page tests. Debian's chromium only: a test tool never downloads a browser here.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium (.ci/run does).");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--no-sandbox"],
        });
    }

    public Task<IBrowserContext> NewPhoneContextAsync(string language, bool javaScript = true) =>
        _browser!.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Locale = language,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
            JavaScriptEnabled = javaScript,
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
