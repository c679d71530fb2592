using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Features.Verification;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Core.Verification;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests;

/// <summary>
/// The verify API resolves documents on our own PublicBaseUrl in-process instead of fetching them from itself over
/// the network, with exactly the result a real GET gets.
/// </summary>
public sealed class OwnOriginFetchTests
{
    [Fact]
    public async Task FetchAsync_OwnDocuments_InProcessAndOverHttp_AreIdentical()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Verification:AllowedHosts:0"] = "127.0.0.1" });
        var (client, award, organisationId) = await AwardAsync(app);
        var revoked = await (await client.PostAsJsonAsync($"/api/organisations/{organisationId}/assertions",
            new { badge = Issuing.YouthBadge, recipientEmail = "revoked@example.org" })).Content.ReadFromJsonAsync<JsonElement>();
        (await client.PostAsJsonAsync($"/api/organisations/{organisationId}/assertions/{revoked.GetProperty("id").GetString()}/revoke",
            new { reason = "Issued by mistake" })).EnsureSuccessStatusCode();
        var assertion = await client.GetFromJsonAsync<JsonElement>(award.GetProperty("url").GetString());
        var badgeClass = await client.GetFromJsonAsync<JsonElement>(assertion.GetProperty("badge").GetString());
        var issuer = await client.GetFromJsonAsync<JsonElement>(badgeClass.GetProperty("issuer").GetString());
        var jws = await client.GetStringAsync(award.GetProperty("links").GetProperty("jws").GetString());
        var keyUrl = JsonDocument.Parse(AssertionsTests.Base64Url(jws.Split('.')[1])).RootElement.GetProperty("verification").GetProperty("creator").GetString()!;
        string[] documents =
        [
            award.GetProperty("url").GetString()!, assertion.GetProperty("badge").GetString()!, badgeClass.GetProperty("image").GetString()!,
            badgeClass.GetProperty("issuer").GetString()!, keyUrl, issuer.GetProperty("revocationList").GetString()!,
            award.GetProperty("links").GetProperty("png").GetString()!, award.GetProperty("links").GetProperty("jws").GetString()!,
        ];
        string[] errors =
        [
            revoked.GetProperty("url").GetString()!, $"{app.KestrelBaseUrl}/assertions/no-such-badge",
            $"{app.KestrelBaseUrl}/issuers/no-such-issuer", $"{app.KestrelBaseUrl}/issuers/no-such-issuer/nothing/here",
        ];
        await using var scope = app.Services.CreateAsyncScope();
        var overHttp = scope.ServiceProvider.GetRequiredService<SafeDocumentFetcher>();
        var inProcess = scope.ServiceProvider.GetRequiredService<OwnOriginDocumentFetcher>();

        foreach (var url in documents.Concat(errors))
        {
            var remote = await overHttp.FetchAsync(new Uri(url), CancellationToken.None);
            var local = await inProcess.FetchAsync(new Uri(url), CancellationToken.None);

            remote.Error.Should().BeNull(url);
            local.Error.Should().BeNull(url);
            local.StatusCode.Should().Be(remote.StatusCode, url);
            local.ContentType.Should().Be(remote.ContentType, url);
            if (documents.Contains(url))
            {
                remote.StatusCode.Should().Be(200, url);
                local.Body.ToArray().Should().Equal(remote.Body.ToArray(), url);
            }
            else
            {
                // Problem details carry a per-request trace id, so two GETs over HTTP differ too; the rest is the same.
                remote.StatusCode.Should().BeOneOf([404, 410], url);
                Without(JsonDocument.Parse(local.Body).RootElement, "traceId").Should().Be(Without(JsonDocument.Parse(remote.Body).RootElement, "traceId"), url);
            }
        }

        var verifier = scope.ServiceProvider.GetRequiredService<OpenBadgeVerifier>();
        var now = DateTimeOffset.UtcNow;
        foreach (var input in new VerificationInput[] { new VerificationInput.Jws(jws), new VerificationInput.Url(new Uri(award.GetProperty("url").GetString()!)) })
        {
            var viaHttp = await verifier.VerifyAsync(input, overHttp, now, null, CancellationToken.None);
            var local = await verifier.VerifyAsync(input, inProcess, now, null, CancellationToken.None);
            // The second time the issuer documents come from the fetcher's cache: still the same report.
            var cached = await verifier.VerifyAsync(input, inProcess, now, null, CancellationToken.None);
            JsonSerializer.Serialize(local).Should().Be(JsonSerializer.Serialize(viaHttp));
            JsonSerializer.Serialize(cached).Should().Be(JsonSerializer.Serialize(viaHttp));
            local.Valid.Should().BeTrue(JsonSerializer.Serialize(local));
        }
    }

    [Fact]
    public async Task Verify_OwnBadges_AreValidWithoutAnyRoundTripToThePublicOrigin()
    {
        // TestServer: https://badges.test cannot be reached over the network at all, so every check that passes here
        // was answered in-process.
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var issuing = await Issuing.CreateAsync(app);
        var award = await issuing.AwardAsync();
        var anonymous = app.ClientFor(null);
        var jws = await anonymous.GetStringAsync(award.GetProperty("links").GetProperty("jws").GetString());
        var png = await anonymous.GetByteArrayAsync(award.GetProperty("links").GetProperty("signedPng").GetString());

        var reports = new List<JsonElement>
        {
            await VerifyAsync(anonymous, new { jws }),
            await VerifyAsync(anonymous, new { url = award.GetProperty("url").GetString() }),
        };
        using var form = new MultipartFormDataContent { { new ByteArrayContent(png), "file", "badge.png" } };
        reports.Add(await (await anonymous.PostAsync("/api/verify/image", form)).Content.ReadFromJsonAsync<JsonElement>());

        foreach (var report in reports)
        {
            report.GetProperty("status").GetString().Should().Be("valid", report.ToString());
            report.GetProperty("checks").EnumerateArray().Should().OnlyContain(c => c.GetProperty("passed").GetBoolean(), report.ToString());
        }
    }

    [Fact]
    public async Task Verify_OwnJws_CachedIssuerDocuments_RevocationAndNewKeyOnThisInstanceShowAtOnce()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var issuing = await Issuing.CreateAsync(app);
        var anonymous = app.ClientFor(null);
        var first = await issuing.AwardAsync();
        var second = await issuing.AwardAsync();
        var firstJws = await anonymous.GetStringAsync(first.GetProperty("links").GetProperty("jws").GetString());
        var secondJws = await anonymous.GetStringAsync(second.GetProperty("links").GetProperty("jws").GetString());
        (await VerifyAsync(anonymous, new { jws = firstJws })).GetProperty("status").GetString().Should().Be("valid");
        (await VerifyAsync(anonymous, new { jws = secondJws })).GetProperty("status").GetString().Should().Be("valid");

        // The revocation list and issuer profile were just fetched (and kept); a revocation here must still show at once.
        var admin = await app.CreateAccountAsync(roles: (issuing.Organisation.Id, OrganisationRole.OrganisationAdmin));
        var adminClient = app.ClientFor(admin);
        (await adminClient.PostAsJsonAsync($"/api/organisations/{issuing.Organisation.Id}/assertions/{first.GetProperty("id").GetString()}/revoke",
            new { reason = "Issued by mistake" })).EnsureSuccessStatusCode();
        var revoked = await VerifyAsync(anonymous, new { jws = firstJws });
        revoked.GetProperty("status").GetString().Should().Be("revoked", revoked.ToString());
        (await VerifyAsync(anonymous, new { jws = secondJws })).GetProperty("status").GetString().Should().Be("valid");

        // A new key is listed in the (kept) issuer profile at once, so its signatures verify with key ownership.
        (await adminClient.PostAsync($"/api/organisations/{issuing.Organisation.Id}/keys/rotate", null)).EnsureSuccessStatusCode();
        var third = await issuing.AwardAsync();
        var thirdJws = await anonymous.GetStringAsync(third.GetProperty("links").GetProperty("jws").GetString());
        var afterRotation = await VerifyAsync(anonymous, new { jws = thirdJws });
        afterRotation.GetProperty("status").GetString().Should().Be("valid", afterRotation.ToString());
        thirdJws.Split('.')[1].Should().NotBe(secondJws.Split('.')[1]);
    }

    [Fact]
    public async Task KeepReportUntil_FiveSecondsAfterTheOldestChangeableDocument_NeverForOtherOrigins()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var issuing = await Issuing.CreateAsync(app);
        var award = await issuing.AwardAsync();
        var anonymous = app.ClientFor(null);
        var jws = await anonymous.GetStringAsync(award.GetProperty("links").GetProperty("jws").GetString());
        var keyUrl = JsonDocument.Parse(AssertionsTests.Base64Url(jws.Split('.')[1])).RootElement.GetProperty("verification").GetProperty("creator").GetString()!;
        var assertion = await anonymous.GetFromJsonAsync<JsonElement>(award.GetProperty("url").GetString());
        var badgeClass = await anonymous.GetFromJsonAsync<JsonElement>(assertion.GetProperty("badge").GetString());
        var issuerUrl = badgeClass.GetProperty("issuer").GetString()!;
        await using var scope = app.Services.CreateAsyncScope();

        var before = DateTimeOffset.UtcNow;
        var immutableOnly = scope.ServiceProvider.GetRequiredService<OwnOriginDocumentFetcher>();
        await immutableOnly.FetchAsync(new Uri(keyUrl), CancellationToken.None);
        await immutableOnly.FetchAsync(new Uri(assertion.GetProperty("badge").GetString()!), CancellationToken.None);
        immutableOnly.KeepReportUntil.Should().Be(DateTimeOffset.MaxValue, "keys and badge classes never change");

        var withIssuer = scope.ServiceProvider.GetRequiredService<OwnOriginDocumentFetcher>();
        await withIssuer.FetchAsync(new Uri(issuerUrl), CancellationToken.None);
        withIssuer.KeepReportUntil.Should().BeOnOrAfter(before.AddSeconds(5)).And.BeOnOrBefore(DateTimeOffset.UtcNow.AddSeconds(5));

        var withHosted = scope.ServiceProvider.GetRequiredService<OwnOriginDocumentFetcher>();
        await withHosted.FetchAsync(new Uri(award.GetProperty("url").GetString()!), CancellationToken.None);
        withHosted.KeepReportUntil.Should().BeOnOrBefore(DateTimeOffset.UtcNow, "the hosted assertion may already be 5 s old in its endpoint's cache");

        var withRemote = scope.ServiceProvider.GetRequiredService<OwnOriginDocumentFetcher>();
        await withRemote.FetchAsync(new Uri("https://issuer.invalid/badge.json"), CancellationToken.None);
        withRemote.KeepReportUntil.Should().BeNull();
    }

    [Fact]
    public async Task Verify_SameJwsAgain_AnswersTheKeptReport_WrittenExactlyAsAFreshOne()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var issuing = await Issuing.CreateAsync(app);
        var anonymous = app.ClientFor(null);
        var award = await issuing.AwardAsync();
        var jws = await anonymous.GetStringAsync(award.GetProperty("links").GetProperty("jws").GetString());

        var cache = app.Services.GetRequiredService<VerificationResultCache>();
        var key = cache.KeyOf(new VerificationInput.Jws(jws), null)!;
        cache.TryGet(key, out _).Should().BeFalse("nothing was verified yet");

        var first = await anonymous.PostAsJsonAsync("/api/verify", new { jws });
        // The second answer must come from the cache, or comparing it with the first would prove nothing.
        cache.TryGet(key, out var kept1).Should().BeTrue("the first report was kept");
        var again = await anonymous.PostAsJsonAsync("/api/verify", new { jws });
        (await again.Content.ReadAsByteArrayAsync()).Should().Equal(kept1, "the repeat is the kept report's bytes");
        first.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        again.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        (await again.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());

        // With the cache off every report is serialised by the endpoint's Ok(report): the same shape, property for property.
        await using var uncachedApp = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Verification:ResultCacheSeconds"] = "0" });
        var uncachedIssuing = await Issuing.CreateAsync(uncachedApp);
        var uncachedAward = await uncachedIssuing.AwardAsync();
        var uncachedClient = uncachedApp.ClientFor(null);
        var uncachedJws = await uncachedClient.GetStringAsync(uncachedAward.GetProperty("links").GetProperty("jws").GetString());
        var uncached = await uncachedClient.PostAsJsonAsync("/api/verify", new { jws = uncachedJws });
        uncached.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        var kept = await first.Content.ReadFromJsonAsync<JsonElement>();
        var fresh = await uncached.Content.ReadFromJsonAsync<JsonElement>();
        kept.GetProperty("status").GetString().Should().Be("valid", kept.ToString());
        fresh.GetProperty("status").GetString().Should().Be("valid", fresh.ToString());
        kept.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind)).Should().Equal(fresh.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind)));
        kept.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .Should().Equal(fresh.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    private static string Without(JsonElement problem, string property) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));

    private static async Task<(HttpClient Client, JsonElement Award, Guid OrganisationId)> AwardAsync(TestApp app)
    {
        var organisation = await app.CreateOrganisationAsync();
        var trainer = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer));
        var client = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", trainer.AccessToken);
        var response = await client.PostAsJsonAsync($"/api/organisations/{organisation.Id}/assertions",
            new { badge = Issuing.YouthBadge, recipientEmail = $"ana-{Guid.NewGuid():N}@example.org" });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (client, await response.Content.ReadFromJsonAsync<JsonElement>(), organisation.Id);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/verify", body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
