using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Core.Baking;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests;

/// <summary>
/// Awarding badges and what validators and people get back: conformance to Open Badges 2.0 (CHECKLIST §10),
/// signatures checked only with the published key, baking, QR codes, revocation and bad input.
/// </summary>
public sealed class AssertionsTests
{
    /// The exact Accept header of the 1EdTech Python validator (CHECKLIST §0.3).
    private const string ValidatorAccept = "application/ld+json, application/json, image/png, image/svg+xml";
    private const string Context = "https://w3id.org/openbadges/v2";
    private static readonly Regex DateTime = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Hosted_AssertionAndEveryLinkedDocument_ConformToOpenBadges2(DatabaseProvider provider)
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(provider));
        var email = $"Ana.{Guid.NewGuid():N}@Example.org";
        var award = await issuing.AwardAsync(email: email, extra: new { evidence = new[] { new { url = "https://example.org/report", narrative = "Poročilo" } } });
        var url = award.GetProperty("url").GetString()!;

        var (status, type, assertion) = await FetchJsonAsync(issuing.App, url);

        status.Should().Be(HttpStatusCode.OK);
        type.Should().Be("application/ld+json");
        assertion.GetProperty("@context").GetString().Should().Be(Context);
        assertion.GetProperty("type").GetString().Should().Be("Assertion");
        assertion.GetProperty("id").GetString().Should().Be(url, "a hosted assertion's id is the URL it is served at");
        assertion.GetProperty("verification").GetProperty("type").GetString().Should().Be("hosted");
        DateTime.IsMatch(assertion.GetProperty("issuedOn").GetString()!).Should().BeTrue();
        var recipient = assertion.GetProperty("recipient");
        recipient.GetProperty("type").GetString().Should().Be("email");
        recipient.GetProperty("hashed").GetBoolean().Should().BeTrue();
        var salt = recipient.GetProperty("salt").GetString()!;
        recipient.GetProperty("identity").GetString().Should().Be(
            "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant() + salt))));
        assertion.GetProperty("evidence")[0].GetProperty("id").GetString().Should().Be("https://example.org/report");

        var (badgeStatus, _, badgeClass) = await FetchJsonAsync(issuing.App, assertion.GetProperty("badge").GetString()!);
        badgeStatus.Should().Be(HttpStatusCode.OK);
        badgeClass.GetProperty("type").GetString().Should().Be("BadgeClass");
        badgeClass.GetProperty("name").GetString().Should().Be("Mladi pobudnik / Young initiator");
        badgeClass.GetProperty("description").GetString().Should().NotBeNullOrWhiteSpace();
        badgeClass.GetProperty("criteria").GetProperty("narrative").GetString().Should().Contain("10").And.Contain("---");
        badgeClass.GetProperty("alignment").GetArrayLength().Should().BeGreaterThan(0);
        badgeClass.GetProperty("alignment").EnumerateArray().Should().OnlyContain(a =>
            a.GetProperty("targetName").GetString()!.Length > 0 && a.GetProperty("targetUrl").GetString()!.StartsWith("http"));
        var (issuerStatus, _, issuer) = await FetchJsonAsync(issuing.App, badgeClass.GetProperty("issuer").GetString()!);
        issuerStatus.Should().Be(HttpStatusCode.OK);
        issuer.GetProperty("email").GetString().Should().Be(issuing.Organisation.Email);
        new Uri(issuer.GetProperty("id").GetString()!).Authority.Should().Be(new Uri(url).Authority, "hosted assertions live on the issuer's origin");

        foreach (var image in new[] { badgeClass.GetProperty("image").GetString()!, assertion.GetProperty("image").GetString()! })
        {
            var response = await Get(issuing.App, image, ValidatorAccept);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        }
        (await Get(issuing.App, badgeClass.GetProperty("criteria").GetProperty("id").GetString()!, "text/html")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Signed_JwsVerifiesWithOnlyThePublishedPem(DatabaseProvider provider)
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(provider));
        var award = await issuing.AwardAsync();

        var jws = await (await Get(issuing.App, award.GetProperty("links").GetProperty("jws").GetString()!, "*/*")).Content.ReadAsStringAsync();

        var parts = jws.Split('.');
        parts.Should().HaveCount(3);
        Encoding.UTF8.GetString(Base64Url(parts[0])).Should().Be("{\"alg\":\"RS256\"}");
        var payload = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
        payload.GetProperty("id").GetString().Should().MatchRegex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
        payload.GetProperty("verification").GetProperty("type").GetString().Should().Be("SignedBadge");
        var keyUrl = payload.GetProperty("verification").GetProperty("creator").GetString()!;
        var (_, _, key) = await FetchJsonAsync(issuing.App, keyUrl);
        var (_, _, issuer) = await FetchJsonAsync(issuing.App, key.GetProperty("owner").GetString()!);
        var listed = issuer.GetProperty("publicKey");
        (listed.ValueKind == JsonValueKind.Array ? listed.EnumerateArray().Select(k => k.GetString()) : [listed.GetString()]).Should().Contain(keyUrl);

        // Independent of BadgeForge's own verification code: the published PEM and RSASSA-PKCS1-v1_5 with SHA-256.
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.GetProperty("publicKeyPem").GetString());
        rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .Should().BeTrue();
        var tampered = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1].Replace('A', 'B'));
        rsa.VerifyData(tampered, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).Should().BeFalse();
    }

    [Fact]
    public async Task Baked_PngAndSvg_UnbakeToTheHostedAssertionAndTheJws()
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var award = await issuing.AwardAsync();
        var links = award.GetProperty("links");
        var hosted = await (await Get(issuing.App, award.GetProperty("url").GetString()!, ValidatorAccept)).Content.ReadAsStringAsync();
        var jws = await (await Get(issuing.App, links.GetProperty("jws").GetString()!, "*/*")).Content.ReadAsStringAsync();

        var png = await (await Get(issuing.App, links.GetProperty("png").GetString()!, "image/png")).Content.ReadAsByteArrayAsync();
        var signedPng = await (await Get(issuing.App, links.GetProperty("signedPng").GetString()!, "image/png")).Content.ReadAsByteArrayAsync();
        var svg = await (await Get(issuing.App, links.GetProperty("svg").GetString()!, "image/svg+xml")).Content.ReadAsByteArrayAsync();
        var signedSvg = await (await Get(issuing.App, links.GetProperty("signedSvg").GetString()!, "image/svg+xml")).Content.ReadAsByteArrayAsync();

        PngBaking.Unbake(png).Should().Be(hosted);
        PngBaking.Unbake(signedPng).Should().Be(jws);
        SvgBaking.Unbake(svg)!.AssertionJson.Should().Be(hosted);
        SvgBaking.Unbake(signedSvg)!.Verify.Should().Be(jws);
    }

    [Fact]
    public async Task Qr_DecodesToTheVerificationUrl()
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var award = await issuing.AwardAsync();
        var file = Path.Combine(Path.GetTempPath(), $"qr-{Guid.NewGuid():N}.png");

        var response = await Get(issuing.App, award.GetProperty("links").GetProperty("qrPng").GetString()!, "image/png");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var svg = await Get(issuing.App, award.GetProperty("links").GetProperty("qrSvg").GetString()!, "image/svg+xml");

        response.Headers.CacheControl!.MaxAge.Should().BeGreaterThan(TimeSpan.FromDays(1));
        Zbar(file).Should().Be(award.GetProperty("url").GetString());
        svg.Content.Headers.ContentType!.MediaType.Should().Be("image/svg+xml");
    }

    [Theory]
    [InlineData("application/json", "application/json")]
    [InlineData(ValidatorAccept, "application/ld+json")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html")]
    public async Task Hosted_ContentNegotiation_JsonForMachinesHtmlForBrowsers(string accept, string expected)
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var award = await issuing.AwardAsync();

        var response = await Get(issuing.App, award.GetProperty("url").GetString()!, accept);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(expected);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Revoke_AnswersGoneListsInRevocationListAndRefusesTwice(DatabaseProvider provider)
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(provider));
        var award = await issuing.AwardAsync();
        var id = award.GetProperty("id").GetString()!;
        var url = award.GetProperty("url").GetString()!;
        var client = issuing.App.ClientFor(issuing.Trainer);
        var jws = await (await Get(issuing.App, award.GetProperty("links").GetProperty("jws").GetString()!, "*/*")).Content.ReadAsStringAsync();
        var signedId = JsonDocument.Parse(Base64Url(jws.Split('.')[1])).RootElement.GetProperty("id").GetString();

        var revoked = await client.PostAsJsonAsync($"/api/organisations/{issuing.Organisation.Id}/assertions/{id}/revoke", new { reason = "Podeljena pomotoma / issued by mistake" });
        var again = await client.PostAsJsonAsync($"/api/organisations/{issuing.Organisation.Id}/assertions/{id}/revoke", new { reason = "Again" });
        var (status, _, body) = await FetchJsonAsync(issuing.App, url);
        var (_, _, list) = await FetchJsonAsync(issuing.App, $"{TestApp.PublicBaseUrl}/issuers/{issuing.Organisation.Slug}/revocations");
        var page = await Get(issuing.App, url, "text/html");

        revoked.StatusCode.Should().Be(HttpStatusCode.OK);
        (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revocationReason").GetString().Should().Contain("mistake");
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("already revoked");
        status.Should().Be(HttpStatusCode.Gone);
        body.GetProperty("id").GetString().Should().Be(url);
        body.GetProperty("revoked").GetBoolean().Should().BeTrue();
        body.GetProperty("revocationReason").GetString().Should().Contain("mistake");
        list.GetProperty("type").GetString().Should().Be("RevocationList");
        list.GetProperty("revokedAssertions").EnumerateArray().Should().Contain(r => r.GetProperty("id").GetString() == signedId);
        page.StatusCode.Should().Be(HttpStatusCode.Gone);
        (await page.Content.ReadAsStringAsync()).Should().Contain("class=\"status revoked\"").And.Contain("mistake");
        (await Get(issuing.App, award.GetProperty("links").GetProperty("png").GetString()!, "image/png")).StatusCode.Should().Be(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Revoke_AnotherOrganisationsAssertion_IsNotFoundAndChangesNothing()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var owner = await Issuing.CreateAsync(app);
        var stranger = await Issuing.CreateAsync(app);
        var award = await owner.AwardAsync();
        var id = award.GetProperty("id").GetString()!;

        var response = await app.ClientFor(stranger.Trainer).PostAsJsonAsync(
            $"/api/organisations/{stranger.Organisation.Id}/assertions/{id}/revoke", new { reason = "Not mine to revoke" });
        var notFound = await app.ClientFor(owner.Trainer).PostAsJsonAsync(
            $"/api/organisations/{owner.Organisation.Id}/assertions/no-such-id/revoke", new { reason = "Whatever it is" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await notFound.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.Awards.SingleAsync(a => a.Id == id))).RevokedAt.Should().BeNull();
    }

    public static TheoryData<string, object> BadRequests => new()
    {
        { "badge", new { badge = "initiative-leader@1.0.0/no-such-badge", recipientEmail = "a@example.org" } },
        { "badge", new { badge = "initiative-leader@9.0.0/vdp.b.mladi-pobudnik", recipientEmail = "a@example.org" } },
        { "badge", new { badge = "no-such-model@1.0.0/x", recipientEmail = "a@example.org" } },
        { "badge", new { badge = "not a reference", recipientEmail = "a@example.org" } },
        { "badge", new { badge = "community-worker@2.0.0/sd.su.prostovoljci.l2", recipientEmail = "a@example.org" } },
        { "recipientEmail", new { badge = Issuing.YouthBadge, recipientEmail = "not-an-email" } },
        { "recipientEmail", new { badge = Issuing.YouthBadge, recipientEmail = "ana novak@example.org" } },
        { "issuedOn", new { badge = Issuing.YouthBadge, recipientEmail = "a@example.org", issuedOn = System.DateTime.UtcNow.AddDays(2) } },
        { "expires", new { badge = Issuing.YouthBadge, recipientEmail = "a@example.org", issuedOn = System.DateTime.UtcNow.AddDays(-2), expires = System.DateTime.UtcNow.AddDays(-3) } },
        { "evidence[0].url", new { badge = Issuing.YouthBadge, recipientEmail = "a@example.org", evidence = new[] { new { url = "javascript:alert(1)" } } } },
        { "evidence[0]", new { badge = Issuing.YouthBadge, recipientEmail = "a@example.org", evidence = new[] { new { narrative = "" } } } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Issue_BadInput_NamesTheFieldAndIssuesNothing(string field, object body)
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        var response = await issuing.PostAwardAsync(body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.FieldErrors(field).Should().NotBeEmpty();
        (await issuing.App.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == issuing.Organisation.Id))).Should().Be(0);
    }

    [Fact]
    public async Task Issue_BadgeWithValidity_ExpiresAfterTheModelsMonths()
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var issuedOn = new DateTimeOffset(2025, 3, 15, 10, 0, 0, TimeSpan.Zero);

        var award = await issuing.AwardAsync(Issuing.LeaderBadge, extra: new { issuedOn });
        var (_, _, assertion) = await FetchJsonAsync(issuing.App, award.GetProperty("url").GetString()!);

        assertion.GetProperty("issuedOn").GetString().Should().Be("2025-03-15T10:00:00Z");
        assertion.GetProperty("expires").GetString().Should().Be("2028-03-15T10:00:00Z");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Issue_HundredConcurrently_OneKeyAndHundredValidSignatures(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?>());
        var issuing = await Issuing.CreateAsync(app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => issuing.PostAwardAsync(
            new { badge = Issuing.YouthBadge, recipientEmail = $"learner{i}@example.org" })));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        var keys = await app.WithDbAsync(db => db.IssuerKeys.Where(k => k.OrganisationId == issuing.Organisation.Id).ToListAsync());
        keys.Should().ContainSingle();
        using var rsa = RSA.Create();
        rsa.ImportFromPem(keys[0].PublicKeyPem);
        var jwsList = await app.WithDbAsync(db => db.Awards.Where(a => a.OrganisationId == issuing.Organisation.Id).Select(a => a.Jws).ToListAsync());
        jwsList.Should().HaveCount(100);
        jwsList.Where(jws => !VerifiesWith(rsa, jws)).Should().BeEmpty("every signature verifies with the one published key");
    }

    [Fact]
    public async Task VerificationPage_HidesNameWithoutConsent_AndAnswersTheRecipientCheck()
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var email = $"maja-{Guid.NewGuid():N}@example.org";
        var hidden = await issuing.AwardAsync(email: email);
        var shown = await issuing.AwardAsync(extra: new { recipientName = "Maja Kovač", showRecipientName = true });
        var url = hidden.GetProperty("url").GetString()!;
        var client = issuing.App.ClientFor(null);

        var page = await (await Get(issuing.App, url + "?lang=en", "text/html")).Content.ReadAsStringAsync();
        var shownPage = await (await Get(issuing.App, shown.GetProperty("url").GetString()!, "text/html")).Content.ReadAsStringAsync();
        var yes = await (await client.PostAsync(url + "/recipient?lang=en", new FormUrlEncodedContent([new("email", email.ToUpperInvariant())]))).Content.ReadAsStringAsync();
        var no = await (await client.PostAsync(url + "/recipient?lang=en", new FormUrlEncodedContent([new("email", "someone@else.org")]))).Content.ReadAsStringAsync();

        page.Should().Contain("✓ Valid badge").And.NotContain("Ana Novak").And.Contain("Check that this badge belongs to");
        page.Should().Contain("og:image").And.Contain("verified ✓");
        shownPage.Should().Contain("Maja Kovač");
        yes.Should().Contain("Yes: the badge was issued to this email address.");
        no.Should().Contain("No: the badge was not issued to this email address.");
    }

    [Fact]
    public async Task Hosted_UnknownAssertion_Is404ForMachinesAndPeople()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var json = await Get(app, $"{TestApp.PublicBaseUrl}/assertions/does-not-exist", ValidatorAccept);
        var html = await Get(app, $"{TestApp.PublicBaseUrl}/assertions/does-not-exist", "text/html");

        await json.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        html.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await html.Content.ReadAsStringAsync()).Should().Contain("class=\"status notfound\"");
    }

    [Fact]
    public async Task List_PagesNewestFirst()
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        for (var i = 0; i < 3; i++)
        {
            await issuing.AwardAsync(extra: new { issuedOn = System.DateTime.UtcNow.AddDays(-10 + i) });
        }

        var page = await issuing.App.ClientFor(issuing.Trainer)
            .GetFromJsonAsync<JsonElement>($"/api/organisations/{issuing.Organisation.Id}/assertions?offset=1&limit=1");

        page.GetProperty("total").GetInt32().Should().Be(3);
        page.GetProperty("items").GetArrayLength().Should().Be(1);
    }

    internal static async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> FetchJsonAsync(TestApp app, string url)
    {
        var response = await Get(app, url, ValidatorAccept);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(body).RootElement.Clone());
    }

    internal static Task<HttpResponseMessage> Get(TestApp app, string url, string accept)
    {
        url.Should().StartWith(TestApp.PublicBaseUrl, "every public link is on the one configured origin");
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return app.ClientFor(null).SendAsync(request);
    }

    internal static byte[] Base64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    private static bool VerifiesWith(RSA rsa, string jws)
    {
        var lastDot = jws.LastIndexOf('.');
        return rsa.VerifyData(Encoding.ASCII.GetBytes(jws[..lastDot]), Base64Url(jws[(lastDot + 1)..]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    internal static string Zbar(string file)
    {
        var start = new ProcessStartInfo("zbarimg", ["--nodbus", "-q", "--raw", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("zbarimg is missing: apt-get install -y zbar-tools");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }
}
