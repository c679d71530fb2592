using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using BadgeForge.Api.Features.Issuers;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests;

public sealed class IssuersTests
{
    /// The exact Accept header of the 1EdTech Python validator (CHECKLIST §0.3).
    private const string ValidatorAccept = "application/ld+json, application/json, image/png, image/svg+xml";

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Profile_IsOpenBadgesIssuerAtItsOwnUrl(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var key = await app.Services.GetRequiredService<IssuerKeyStore>().GetActiveAsync(organisation.Id);
        var client = app.ClientFor(null);
        client.DefaultRequestHeaders.Accept.ParseAdd(ValidatorAccept);

        var response = await client.GetAsync($"/issuers/{organisation.Slug}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/ld+json");
        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = $"{TestApp.PublicBaseUrl}/issuers/{organisation.Slug}";
        profile.GetProperty("@context").GetString().Should().Be("https://w3id.org/openbadges/v2");
        profile.GetProperty("type").GetString().Should().Be("Profile");
        profile.GetProperty("id").GetString().Should().Be(id);
        profile.GetProperty("name").GetString().Should().Be($"{organisation.Name.Sl} / {organisation.Name.En}");
        profile.GetProperty("email").GetString().Should().Be(organisation.Email);
        profile.GetProperty("url").GetString().Should().Be(organisation.Url);
        profile.GetProperty("revocationList").GetString().Should().Be(id + "/revocations");
        var keyUrl = JsonArrayOrSingle(profile.GetProperty("publicKey")).Should().ContainSingle().Subject;
        keyUrl.Should().Be($"{id}/keys/{key.KeyId:N}");

        var keyDocument = await client.GetFromJsonAsync<JsonElement>(keyUrl);
        keyDocument.GetProperty("type").GetString().Should().Be("CryptographicKey");
        keyDocument.GetProperty("id").GetString().Should().Be(keyUrl);
        keyDocument.GetProperty("owner").GetString().Should().Be(id);
        using var published = RSA.Create();
        published.ImportFromPem(keyDocument.GetProperty("publicKeyPem").GetString());
        published.ExportSubjectPublicKeyInfo().Should().Equal(key.PrivateKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Profile_PlainJsonClient_GetsApplicationJson_AndEtagRevalidates()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var organisation = await app.CreateOrganisationAsync();
        var client = app.ClientFor(null);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var first = await client.GetAsync($"/issuers/{organisation.Slug}");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/issuers/{organisation.Slug}");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(request);

        first.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        first.Headers.CacheControl!.Public.Should().BeTrue();
        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Profile_UnknownIssuer_Is404Problem()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);

        var response = await app.ClientFor(null).GetAsync("/issuers/no-such-issuer");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Keys_ConcurrentFirstUse_CreatesExactlyOneKey(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var store = app.Services.GetRequiredService<IssuerKeyStore>();

        var keys = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => store.GetActiveAsync(organisation.Id))));

        keys.Select(k => k.KeyId).Distinct().Should().ContainSingle();
        (await app.WithDbAsync(db => db.IssuerKeys.CountAsync(k => k.OrganisationId == organisation.Id))).Should().Be(1);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Keys_Rotate_NewKeyActiveOldStillPublished_PrivateNeverShownOrStoredPlain(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var admin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        var old = await app.Services.GetRequiredService<IssuerKeyStore>().GetActiveAsync(organisation.Id);
        var client = app.ClientFor(admin);

        var rotated = await client.PostAsync($"/api/organisations/{organisation.Id}/keys/rotate", null);
        var listing = await client.GetStringAsync($"/api/organisations/{organisation.Id}/keys");

        rotated.StatusCode.Should().Be(HttpStatusCode.OK);
        var fresh = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        fresh.GetProperty("active").GetBoolean().Should().BeTrue();
        (await app.Services.GetRequiredService<IssuerKeyStore>().GetActiveAsync(organisation.Id)).KeyId.Should().Be(fresh.GetProperty("id").GetGuid());
        var keys = JsonDocument.Parse(listing).RootElement.EnumerateArray().ToList();
        keys.Should().HaveCount(2);
        keys.Single(k => k.GetProperty("id").GetGuid() == old.KeyId).GetProperty("retiredAt").ValueKind.Should().Be(JsonValueKind.String);
        listing.Should().NotContain("PRIVATE KEY");
        (await app.ClientFor(null).GetAsync($"/issuers/{organisation.Slug}/keys/{old.KeyId:N}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var profile = await app.ClientFor(null).GetFromJsonAsync<JsonElement>($"/issuers/{organisation.Slug}");
        JsonArrayOrSingle(profile.GetProperty("publicKey")).Should().HaveCount(2);
        var stored = await app.WithDbAsync(db => db.IssuerKeys.Where(k => k.OrganisationId == organisation.Id).Select(k => k.ProtectedPrivateKey).ToListAsync());
        stored.Should().OnlyContain(s => !s.Contains("PRIVATE") && !s.StartsWith("MII", StringComparison.Ordinal),
            "private keys are stored only encrypted, never as plain PKCS#8");
    }

    private static IEnumerable<string> JsonArrayOrSingle(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!) : [element.GetString()!];
}
