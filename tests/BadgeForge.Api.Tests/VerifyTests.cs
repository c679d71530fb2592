using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Features.Verification;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Tests;

/// <summary>
/// The verify API over real HTTP: the app on Kestrel fetches its own documents from 127.0.0.1, which only the
/// configured allow-list permits. Without it, loopback, private and metadata addresses are refused.
/// </summary>
public sealed class VerifyTests
{
    private static readonly Dictionary<string, string?> AllowLoopback = new() { ["Verification:AllowedHosts:0"] = "127.0.0.1" };

    [Fact]
    public async Task Verify_OurHostedSignedAndBakedBadges_AreValidWithEveryCheckPassed()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite, AllowLoopback);
        var (client, award, email, _) = await AwardAsync(app);
        var links = award.GetProperty("links");
        var jws = await client.GetStringAsync(links.GetProperty("jws").GetString());
        var png = await client.GetByteArrayAsync(links.GetProperty("png").GetString());
        var signedSvg = await client.GetByteArrayAsync(links.GetProperty("signedSvg").GetString());

        var byUrl = await VerifyAsync(client, new { url = award.GetProperty("url").GetString(), recipientEmail = email });
        var byJws = await VerifyAsync(client, new { jws });
        var byPng = await VerifyImageAsync(client, png, "badge.png", email);
        var bySvg = await VerifyImageAsync(client, signedSvg, "badge.svg", null);
        var wrongPerson = await VerifyAsync(client, new { url = award.GetProperty("url").GetString(), recipientEmail = "someone@else.org" });

        foreach (var report in new[] { byUrl, byJws, byPng, bySvg })
        {
            report.GetProperty("status").GetString().Should().Be("valid", report.ToString());
            report.GetProperty("valid").GetBoolean().Should().BeTrue();
            report.GetProperty("checks").EnumerateArray().Should().OnlyContain(c => c.GetProperty("passed").GetBoolean(), report.ToString());
        }
        byUrl.GetProperty("recipientMatched").GetBoolean().Should().BeTrue();
        byJws.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Contain(n => n!.StartsWith("signature"));
        wrongPerson.GetProperty("valid").GetBoolean().Should().BeFalse();
        wrongPerson.GetProperty("recipientMatched").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Verify_RevokedBadge_ReportsRevokedByUrlAndByJws()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite, AllowLoopback);
        var (client, award, _, organisationId) = await AwardAsync(app);
        var jws = await client.GetStringAsync(award.GetProperty("links").GetProperty("jws").GetString());
        (await client.PostAsJsonAsync($"/api/organisations/{organisationId}/assertions/{award.GetProperty("id").GetString()}/revoke",
            new { reason = "Napaka pri vnosu" })).EnsureSuccessStatusCode();

        var byUrl = await VerifyAsync(client, new { url = award.GetProperty("url").GetString() });
        var byJws = await VerifyAsync(client, new { jws });

        byUrl.GetProperty("status").GetString().Should().Be("revoked");
        byJws.GetProperty("status").GetString().Should().Be("revoked");
    }

    [Fact]
    public async Task Verify_AfterKeyRotation_OldAndNewSignaturesBothVerify()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite, AllowLoopback);
        var (client, before, _, organisationId) = await AwardAsync(app);
        var admin = await app.CreateAccountAsync(roles: (organisationId, OrganisationRole.OrganisationAdmin));
        using var adminClient = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        adminClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin.AccessToken);
        (await adminClient.PostAsync($"/api/organisations/{organisationId}/keys/rotate", null)).EnsureSuccessStatusCode();
        var after = await (await client.PostAsJsonAsync($"/api/organisations/{organisationId}/assertions",
            new { badge = Issuing.YouthBadge, recipientEmail = "later@example.org" })).Content.ReadFromJsonAsync<JsonElement>();

        var oldJws = await client.GetStringAsync(before.GetProperty("links").GetProperty("jws").GetString());
        var newJws = await client.GetStringAsync(after.GetProperty("links").GetProperty("jws").GetString());

        (await VerifyAsync(client, new { jws = oldJws })).GetProperty("status").GetString().Should().Be("valid");
        (await VerifyAsync(client, new { jws = newJws })).GetProperty("status").GetString().Should().Be("valid");
        oldJws.Split('.')[1].Should().NotBe(newJws.Split('.')[1]);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/health/live")]
    [InlineData("http://localhost:{port}/health/live")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:{port}/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://0.0.0.0:{port}/")]
    public async Task Verify_InternalAddresses_AreNeverFetchedWithoutAllowList(string target)
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        using var client = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        var url = target.Replace("{port}", new Uri(app.KestrelBaseUrl!).Port.ToString());

        var report = await VerifyAsync(client, new { url });

        report.GetProperty("valid").GetBoolean().Should().BeFalse();
        report.GetProperty("status").GetString().Should().Be("unverifiable");
        report.ToString().Should().Contain("not public");
    }

    [Theory]
    [InlineData("file:///etc/passwd", "not an absolute http(s) URL")]
    [InlineData("gopher://example.org/", "not an absolute http(s) URL")]
    [InlineData("http://user:secret@127.0.0.1/", "credentials")]
    public async Task Verify_NonHttpOrCredentialUrls_AreRefused(string url, string expected)
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).PostAsJsonAsync("/api/verify", new { url });

        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("valid").GetBoolean().Should().BeFalse();
        report.ToString().Should().Contain(expected);
    }

    [Fact]
    public void IsPublic_SpecialRanges_AreNotPublic()
    {
        string[] special = ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fc00::1", "fd12::1", "::ffff:10.0.0.1", "2001:db8::1"];
        string[] publicAddresses = ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2a00:1450:4001:80b::200e"];

        special.Should().OnlyContain(a => !SafeDocumentFetcher.IsPublic(IPAddress.Parse(a)));
        publicAddresses.Should().OnlyContain(a => SafeDocumentFetcher.IsPublic(IPAddress.Parse(a)));
    }

    [Theory]
    [InlineData("{}", "url")]
    [InlineData("{\"url\":\"https://a.example/x\",\"jws\":\"a.b.c\"}", "url")]
    [InlineData("{\"url\":\"not a url\"}", "url")]
    public async Task Verify_MalformedRequest_IsValidationProblem(string body, string field)
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).PostAsync("/api/verify", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors(field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Verify_GarbageImage_ReportsInsteadOfFailing()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var client = app.ClientFor(null);

        var report = await VerifyImageAsync(client, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3], "x.png", null);
        var noFile = await client.PostAsync("/api/verify/image", new MultipartFormDataContent());

        report.GetProperty("valid").GetBoolean().Should().BeFalse();
        await noFile.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task<(HttpClient Client, JsonElement Award, string Email, Guid OrganisationId)> AwardAsync(TestApp app)
    {
        var organisation = await app.CreateOrganisationAsync();
        var trainer = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer));
        var client = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", trainer.AccessToken);
        var email = $"ana-{Guid.NewGuid():N}@example.org";
        var response = await client.PostAsJsonAsync($"/api/organisations/{organisation.Id}/assertions",
            new { badge = Issuing.YouthBadge, recipientEmail = email });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var award = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (client, award, email, organisation.Id);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/verify", body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> VerifyImageAsync(HttpClient client, byte[] image, string name, string? email)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "file", name } };
        if (email is not null)
        {
            form.Add(new StringContent(email), "recipientEmail");
        }
        var response = await client.PostAsync("/api/verify/image", form);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
