using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Backpack;

/// <summary>
/// The earner's backpack: only their own badges, visibility (never public for minors), share links that disclose
/// only what was chosen, and the GDPR export and erasure. Signed in with a password, which the backpack accepts too.
/// </summary>
public sealed class BackpackTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Badges_ListOnlyTheAccountsOwn_WithStatusAndLinks(DatabaseProvider provider)
    {
        var (app, issuing, earner, client) = await ArrangeAsync(provider);
        var youth = await issuing.AwardAsync(email: earner.Email.ToUpperInvariant());
        var leader = await issuing.AwardAsync(Issuing.LeaderBadge, email: earner.Email);
        await issuing.AwardAsync(email: $"someone-else-{Guid.NewGuid():N}@example.org");
        var revoked = await issuing.AwardAsync(email: earner.Email);
        await issuing.App.ClientFor(issuing.Trainer).PostAsJsonAsync(
            $"/api/organisations/{issuing.Organisation.Id}/assertions/{Id(revoked)}/revoke", new { reason = "Issued by mistake" });

        var badges = await client.GetFromJsonAsync<JsonElement>("/api/backpack/badges");

        badges.EnumerateArray().Select(b => b.GetProperty("id").GetString()).Should().BeEquivalentTo([Id(youth), Id(leader), Id(revoked)]);
        var first = badges.EnumerateArray().Single(b => b.GetProperty("id").GetString() == Id(youth));
        first.GetProperty("title").GetProperty("sl").GetString().Should().Be("Mladi pobudnik");
        first.GetProperty("title").GetProperty("en").GetString().Should().Be("Young initiator");
        first.GetProperty("issuer").GetProperty("slug").GetString().Should().Be(issuing.Organisation.Slug);
        first.GetProperty("status").GetString().Should().Be("Valid");
        first.GetProperty("public").GetBoolean().Should().BeFalse("badges are private by default");
        var links = first.GetProperty("links");
        links.GetProperty("json").GetString().Should().Be(youth.GetProperty("url").GetString());
        links.GetProperty("signedPng").GetString().Should().EndWith("/signed.png");
        links.GetProperty("qr").GetString().Should().EndWith("/qr.png");
        var linkedIn = new Uri(links.GetProperty("linkedIn").GetString()!);
        linkedIn.GetLeftPart(UriPartial.Path).Should().Be("https://www.linkedin.com/profile/add");
        linkedIn.Query.Should().Contain("startTask=CERTIFICATION_NAME")
            .And.Contain("name=Mladi%20pobudnik%20%2F%20Young%20initiator")
            .And.Contain("certUrl=" + Uri.EscapeDataString(youth.GetProperty("url").GetString()!))
            .And.Contain("certId=" + Id(youth))
            .And.NotContain("expirationYear", "the youth badge does not expire");
        var issued = first.GetProperty("issuedOn").GetDateTime();
        linkedIn.Query.Should().Contain($"issueYear={issued.Year}&issueMonth={issued.Month}");
        var leaderLinkedIn = badges.EnumerateArray().Single(b => b.GetProperty("id").GetString() == Id(leader)).GetProperty("links").GetProperty("linkedIn").GetString();
        leaderLinkedIn.Should().Contain("expirationYear=").And.Contain("expirationMonth=");
        badges.EnumerateArray().Single(b => b.GetProperty("id").GetString() == Id(revoked)).GetProperty("status").GetString().Should().Be("Revoked");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Badges_CorrectedBadge_IsSupersededWithALinkToTheNewOne(DatabaseProvider provider)
    {
        var (_, issuing, earner, client) = await ArrangeAsync(provider);
        var original = await issuing.AwardAsync(email: earner.Email);
        var admin = await issuing.App.CreateAccountAsync(roles: (issuing.Organisation.Id, OrganisationRole.OrganisationAdmin));
        var correction = await issuing.App.ClientFor(admin).PostAsJsonAsync(
            $"/api/organisations/{issuing.Organisation.Id}/assertions/{Id(original)}/correct", new { narrative = "Popravljeno" });
        correction.StatusCode.Should().Be(HttpStatusCode.Created, await correction.Content.ReadAsStringAsync());
        var corrected = Id(await correction.Content.ReadFromJsonAsync<JsonElement>());

        var badges = (await client.GetFromJsonAsync<JsonElement>("/api/backpack/badges")).EnumerateArray().ToList();

        var old = badges.Single(b => b.GetProperty("id").GetString() == Id(original));
        old.GetProperty("status").GetString().Should().Be("Superseded", "a correction is not a plain revocation to the earner");
        old.GetProperty("supersededBy").GetString().Should().Be(corrected);
        var current = badges.Single(b => b.GetProperty("id").GetString() == corrected);
        current.GetProperty("status").GetString().Should().Be("Valid");
        current.GetProperty("supersededBy").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnotherPersonsBadge_IsNotFoundEverywhere(DatabaseProvider provider)
    {
        var (app, issuing, _, client) = await ArrangeAsync(provider);
        var theirs = Id(await issuing.AwardAsync());

        await (await client.PutAsJsonAsync($"/api/backpack/badges/{theirs}/visibility", new { @public = true })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/api/backpack/badges/{theirs}/shares", new { showName = true, showEvidence = true, expiresInDays = 7 }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/backpack/badges/{theirs}/shares")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Visibility_PublicForAdults_NeverForMinors(DatabaseProvider provider)
    {
        var (_, issuing, earner, client) = await ArrangeAsync(provider);
        var adult = Id(await issuing.AwardAsync(email: earner.Email));
        var minor = Id(await issuing.AwardAsync(email: earner.Email, extra: new { recipientIsMinor = true }));

        var madePublic = await client.PutAsJsonAsync($"/api/backpack/badges/{adult}/visibility", new { @public = true });
        var minorPublic = await client.PutAsJsonAsync($"/api/backpack/badges/{minor}/visibility", new { @public = true });
        var minorPrivate = await client.PutAsJsonAsync($"/api/backpack/badges/{minor}/visibility", new { @public = false });

        madePublic.StatusCode.Should().Be(HttpStatusCode.OK);
        (await madePublic.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("public").GetBoolean().Should().BeTrue();
        (await minorPublic.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("minor");
        minorPrivate.StatusCode.Should().Be(HttpStatusCode.OK);
        var badges = (await client.GetFromJsonAsync<JsonElement>("/api/backpack/badges")).EnumerateArray().ToList();
        badges.Single(b => b.GetProperty("id").GetString() == adult).GetProperty("public").GetBoolean().Should().BeTrue();
        var minorBadge = badges.Single(b => b.GetProperty("id").GetString() == minor);
        minorBadge.GetProperty("public").GetBoolean().Should().BeFalse();
        minorBadge.GetProperty("recipientIsMinor").GetBoolean().Should().BeTrue();

        (await client.PutAsJsonAsync($"/api/backpack/badges/{adult}/visibility", new { @public = false })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetFromJsonAsync<JsonElement>("/api/backpack/badges")).EnumerateArray()
            .Single(b => b.GetProperty("id").GetString() == adult).GetProperty("public").GetBoolean().Should().BeFalse();
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Share_DisclosesNameAndEvidenceOnlyWhenChosen(DatabaseProvider provider)
    {
        var (app, issuing, earner, client) = await ArrangeAsync(provider);
        // The issuer recorded consent to show the name: the earner's choice per link still decides.
        var award = Id(await issuing.AwardAsync(email: earner.Email, extra: new
        {
            showRecipientName = true,
            evidence = new[] { new { url = "https://example.org/my-reflection", narrative = "Moja refleksija" } },
        }));

        var hidden = await CreateShareAsync(client, award, showName: false, showEvidence: false);
        var shown = await CreateShareAsync(client, award, showName: true, showEvidence: true);

        hidden.GetProperty("url").GetString().Should().StartWith("https://badges.test/shared/");
        hidden.GetProperty("qrPng").GetString().Should().Be(hidden.GetProperty("url").GetString() + "/qr.png");
        var (hiddenStatus, hiddenPage) = await GetPageAsync(app, hidden.GetProperty("url").GetString()!);
        hiddenStatus.Should().Be(HttpStatusCode.OK);
        hiddenPage.Should().Contain("Mladi pobudnik").And.NotContain("Ana Novak").And.NotContain("my-reflection").And.NotContain("Moja refleksija");
        var (shownStatus, shownPage) = await GetPageAsync(app, shown.GetProperty("url").GetString()!);
        shownStatus.Should().Be(HttpStatusCode.OK);
        shownPage.Should().Contain("Ana Novak").And.Contain("https://example.org/my-reflection");

        var qr = await app.ClientFor(null).GetAsync(hidden.GetProperty("qrPng").GetString());
        qr.StatusCode.Should().Be(HttpStatusCode.OK);
        qr.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var shares = await client.GetFromJsonAsync<JsonElement>($"/api/backpack/badges/{award}/shares");
        shares.GetArrayLength().Should().Be(2);
        shares.EnumerateArray().Should().OnlyContain(s => s.GetProperty("active").GetBoolean());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Share_RevokedOrExpired_IsNotFound(DatabaseProvider provider)
    {
        var (app, issuing, earner, client) = await ArrangeAsync(provider);
        var award = Id(await issuing.AwardAsync(email: earner.Email));
        var revoked = await CreateShareAsync(client, award, showName: false, showEvidence: false);
        var expired = await CreateShareAsync(client, award, showName: false, showEvidence: false);
        var (_, _, _, stranger) = await ArrangeAsync(provider);

        await (await stranger.DeleteAsync($"/api/backpack/shares/{revoked.GetProperty("id").GetString()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await GetPageAsync(app, revoked.GetProperty("url").GetString()!)).Status.Should().Be(HttpStatusCode.OK, "a stranger cannot revoke it");
        (await client.DeleteAsync($"/api/backpack/shares/{revoked.GetProperty("id").GetString()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var expiredId = expired.GetProperty("id").GetGuid();
        var past = DateTime.UtcNow.AddMinutes(-1);
        await app.WithDbAsync(db => db.BackpackShares.Where(s => s.Id == expiredId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, past)));

        foreach (var share in new[] { revoked, expired })
        {
            (await GetPageAsync(app, share.GetProperty("url").GetString()!)).Status.Should().Be(HttpStatusCode.NotFound);
            await (await app.ClientFor(null).GetAsync(share.GetProperty("url").GetString())).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await app.ClientFor(null).GetAsync(share.GetProperty("qrPng").GetString())).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/backpack/badges/{award}/shares");
        listed.EnumerateArray().Should().OnlyContain(s => !s.GetProperty("active").GetBoolean());
        (await app.ClientFor(null).GetAsync("/shared/no-such-token")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Share_ExpiresInDaysOutOfRange_IsValidationProblem()
    {
        var (_, issuing, earner, client) = await ArrangeAsync(DatabaseProvider.Sqlite);
        var award = Id(await issuing.AwardAsync(email: earner.Email));

        foreach (var days in new[] { 0, 366 })
        {
            var response = await client.PostAsJsonAsync($"/api/backpack/badges/{award}/shares", new { showName = false, showEvidence = false, expiresInDays = days });
            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("expiresInDays").Should().NotBeEmpty();
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Export_HoldsAccountMembershipsAwardsSharesAndLinks(DatabaseProvider provider)
    {
        var backpack = await BackpackApp.For(provider);
        var issuing = await Issuing.CreateAsync(backpack.App);
        var email = $"export-{Guid.NewGuid():N}@example.org";
        var award = Id(await issuing.AwardAsync(email: email, extra: new { narrative = "Vodila je projekt." }));
        var client = await backpack.SignInByLinkAsync(email);
        await CreateShareAsync(client, award, showName: true, showEvidence: false);
        (await client.PutAsJsonAsync($"/api/backpack/badges/{award}/visibility", new { @public = true })).EnsureSuccessStatusCode();

        var response = await client.GetAsync("/api/backpack/export");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition?.DispositionType.Should().Be("attachment");
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        export.GetProperty("account").GetProperty("email").GetString().Should().Be(email);
        export.GetProperty("memberships").GetArrayLength().Should().Be(0);
        var exported = export.GetProperty("awards").EnumerateArray().Should().ContainSingle().Subject;
        exported.GetProperty("badge").GetProperty("id").GetString().Should().Be(award);
        exported.GetProperty("recipientName").GetString().Should().Be("Ana Novak");
        exported.GetProperty("narrative").GetString().Should().Be("Vodila je projekt.");
        exported.GetProperty("hostedAssertion").GetProperty("type").GetString().Should().Be("Assertion");
        exported.GetProperty("jws").GetString()!.Split('.').Should().HaveCount(3);
        export.GetProperty("shares").EnumerateArray().Should().ContainSingle().Which.GetProperty("showName").GetBoolean().Should().BeTrue();
        export.GetProperty("badgeSettings").EnumerateArray().Should().ContainSingle().Which.GetProperty("public").GetBoolean().Should().BeTrue();
        var link = export.GetProperty("loginLinks").EnumerateArray().Should().ContainSingle().Subject;
        link.TryGetProperty("usedAt", out var usedAt).Should().BeTrue();
        usedAt.ValueKind.Should().Be(JsonValueKind.String);
        export.GetRawText().Should().NotContain("tokenHash").And.NotContain("passwordHash");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DeleteAccount_RemovesBackpack_BadgeStaysVerifiable(DatabaseProvider provider)
    {
        var backpack = await BackpackApp.For(provider);
        var app = backpack.App;
        var issuing = await Issuing.CreateAsync(app);
        var email = $"leaving-{Guid.NewGuid():N}@example.org";
        var awarded = await issuing.AwardAsync(email: email);
        var client = await backpack.SignInByLinkAsync(email);
        var share = await CreateShareAsync(client, Id(awarded), showName: true, showEvidence: true);
        (await client.PutAsJsonAsync($"/api/backpack/badges/{Id(awarded)}/visibility", new { @public = true })).EnsureSuccessStatusCode();
        var accountId = await app.WithDbAsync(db => db.Accounts.Where(a => a.Email == email).Select(a => a.Id).SingleAsync());

        (await (await client.DeleteAsync("/api/backpack/account")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("confirm").Should().NotBeEmpty();
        var deleted = await client.DeleteAsync($"/api/backpack/account?confirm={Uri.EscapeDataString(email.ToUpperInvariant())}");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await client.GetAsync("/api/backpack/badges")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await GetPageAsync(app, share.GetProperty("url").GetString()!)).Status.Should().Be(HttpStatusCode.NotFound);
        (await app.WithDbAsync(async db => new[]
        {
            await db.Accounts.CountAsync(a => a.Id == accountId),
            await db.BackpackShares.CountAsync(s => s.AccountId == accountId),
            await db.BackpackBadgeSettings.CountAsync(s => s.AccountId == accountId),
            await db.BackpackLoginTokens.CountAsync(t => t.Email == email),
            await db.RefreshTokens.CountAsync(t => t.AccountId == accountId),
        })).Should().OnlyContain(count => count == 0);

        var hosted = new HttpRequestMessage(HttpMethod.Get, awarded.GetProperty("url").GetString());
        hosted.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
        var assertion = await app.ClientFor(null).SendAsync(hosted);
        assertion.StatusCode.Should().Be(HttpStatusCode.OK, "the issuer's record stays valid and verifiable");
        var verified = await app.ClientFor(null).PostAsJsonAsync("/api/verify", new { url = awarded.GetProperty("url").GetString(), recipientEmail = email });
        verified.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DeleteAccount_PlatformAdmin_IsConflict(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var admin = await app.CreateAccountAsync(platformAdmin: true);

        var response = await app.ClientFor(admin).DeleteAsync($"/api/backpack/account?confirm={Uri.EscapeDataString(admin.Email)}");

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await app.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Id == admin.Id))).Should().BeTrue();
    }

    private static async Task<(TestApp App, Issuing Issuing, TestAccount Earner, HttpClient Client)> ArrangeAsync(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var issuing = await Issuing.CreateAsync(app);
        var earner = await app.CreateAccountAsync();
        return (app, issuing, earner, app.ClientFor(earner));
    }

    private static string Id(JsonElement award) => award.GetProperty("id").GetString()!;

    private static async Task<JsonElement> CreateShareAsync(HttpClient client, string assertionId, bool showName, bool showEvidence)
    {
        var response = await client.PostAsJsonAsync($"/api/backpack/badges/{assertionId}/shares", new { showName, showEvidence, expiresInDays = 30 });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(HttpStatusCode Status, string Html)> GetPageAsync(TestApp app, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await app.ClientFor(null).SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
