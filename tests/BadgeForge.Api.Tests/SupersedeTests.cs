using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BadgeForge.Api.Tests.AssertionsTests;

namespace BadgeForge.Api.Tests;

/// <summary>
/// Correction is a re-issue that supersedes the old assertion: the old one is revoked "superseded by" the new one,
/// both are linked, and nothing is half-written. Renewal goes through the same service and leaves the old one valid.
/// </summary>
public sealed class SupersedeTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Correct_ReissuesWithTheChangesAndRevokesTheOldAsSupersededBy(DatabaseProvider provider)
    {
        var (issuing, admin) = await SetUpAsync(provider);
        var email = $"ana.{Guid.NewGuid():N}@example.org";
        var old = await issuing.AwardAsync(badge: Issuing.LeaderBadge, email: email,
            extra: new { narrative = "Vodila je projekt.", evidence = new[] { new { url = "https://example.org/old", narrative = "Staro" } } });
        var oldId = old.GetProperty("id").GetString()!;
        var oldUrl = old.GetProperty("url").GetString()!;
        var signedId = SignedId(await (await Get(issuing.App, old.GetProperty("links").GetProperty("jws").GetString()!, "*/*")).Content.ReadAsStringAsync());
        // Seen (and so cached) before the correction: the correction must drop what this instance keeps of it.
        (await FetchJsonAsync(issuing.App, oldUrl)).Status.Should().Be(HttpStatusCode.OK);
        (await Page(issuing, oldUrl)).Html.Should().Contain("class=\"status valid\"");

        var response = await admin.PostAsJsonAsync(CorrectUrl(issuing, oldId),
            new { recipientName = "Ana Novák", evidence = new[] { new { url = "https://example.org/report", narrative = "Poročilo" } } });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var corrected = await response.Content.ReadFromJsonAsync<JsonElement>();
        var newId = corrected.GetProperty("id").GetString()!;
        var newUrl = corrected.GetProperty("url").GetString()!;
        response.Headers.Location!.ToString().Should().Be(newUrl);
        newId.Should().NotBe(oldId);
        corrected.GetProperty("supersedes").GetString().Should().Be(oldId);
        corrected.GetProperty("recipientName").GetString().Should().Be("Ana Novák");
        corrected.GetProperty("recipientEmail").GetString().Should().Be(email, "what the correction does not name stays as it was");
        corrected.GetProperty("issuedOn").GetDateTime().Should().Be(old.GetProperty("issuedOn").GetDateTime());
        corrected.GetProperty("expiresAt").GetDateTime().Should().Be(old.GetProperty("expiresAt").GetDateTime());

        var (newStatus, _, newDocument) = await FetchJsonAsync(issuing.App, newUrl);
        newStatus.Should().Be(HttpStatusCode.OK);
        newDocument.GetProperty("narrative").GetString().Should().Be("Vodila je projekt.");
        newDocument.GetProperty("evidence")[0].GetProperty("id").GetString().Should().Be("https://example.org/report");

        var (oldStatus, _, oldDocument) = await FetchJsonAsync(issuing.App, oldUrl);
        oldStatus.Should().Be(HttpStatusCode.Gone);
        oldDocument.GetProperty("revoked").GetBoolean().Should().BeTrue();
        oldDocument.GetProperty("revocationReason").GetString().Should().Be($"superseded by {newUrl}");
        (await Page(issuing, oldUrl)).Html.Should().Contain("class=\"status superseded\"");

        var (_, _, list) = await FetchJsonAsync(issuing.App, $"{TestApp.PublicBaseUrl}/issuers/{issuing.Organisation.Slug}/revocations");
        list.GetProperty("revokedAssertions").EnumerateArray().Should().ContainSingle(r => r.GetProperty("id").GetString() == signedId)
            .Which.GetProperty("revocationReason").GetString().Should().Be($"superseded by {newUrl}");

        var oldNow = await (await admin.GetAsync($"/api/organisations/{issuing.Organisation.Id}/assertions/{oldId}")).Content.ReadFromJsonAsync<JsonElement>();
        oldNow.GetProperty("supersededBy").GetString().Should().Be(newId);
        oldNow.GetProperty("revokedAt").ValueKind.Should().Be(JsonValueKind.String);
        var stored = await issuing.App.WithDbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == oldId));
        stored.SupersessionKind.Should().Be(SupersessionKind.Correction);
        stored.RevokedByAccountId.Should().NotBeNull("a correction is an audited revocation by the admin who made it");
    }

    [Fact]
    public async Task Correct_SameBadge_KeepsTheStoredCriteriaTrace()
    {
        var (issuing, admin) = await SetUpAsync(DatabaseProvider.Sqlite);
        var oldId = (await issuing.AwardAsync()).GetProperty("id").GetString()!;
        const string trace = "{\"criteria\":[]}";
        await issuing.App.WithDbAsync(db => db.Awards.Where(a => a.Id == oldId).ExecuteUpdateAsync(u => u.SetProperty(a => a.CriteriaTraceJson, trace)));

        var corrected = await (await admin.PostAsJsonAsync(CorrectUrl(issuing, oldId), new { recipientName = "Ana Novák" })).Content.ReadFromJsonAsync<JsonElement>();
        var toOtherBadge = await (await admin.PostAsJsonAsync(CorrectUrl(issuing, corrected.GetProperty("id").GetString()!),
            new { badge = Issuing.LeaderBadge })).Content.ReadFromJsonAsync<JsonElement>();

        var newId = corrected.GetProperty("id").GetString()!;
        var otherId = toOtherBadge.GetProperty("id").GetString()!;
        (await issuing.App.WithDbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == newId))).CriteriaTraceJson.Should().Be(trace);
        (await issuing.App.WithDbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == otherId))).CriteriaTraceJson
            .Should().BeNull("another badge's criteria were not what the trace shows");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Correct_TwiceConcurrently_OneWinsAndTheOtherChangesNothing(DatabaseProvider provider)
    {
        var (issuing, admin) = await SetUpAsync(provider);
        var email = $"race.{Guid.NewGuid():N}@example.org";
        var oldId = (await issuing.AwardAsync(email: email)).GetProperty("id").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            admin.PostAsJsonAsync(CorrectUrl(issuing, oldId), new { narrative = $"Popravek {i}" })));

        responses.Select(r => r.StatusCode).Should().ContainSingle(s => s == HttpStatusCode.Created);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            (await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("already superseded");
        }
        (await issuing.App.WithDbAsync(db => db.Awards.CountAsync(a => a.RecipientEmail == email))).Should().Be(2);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Correct_BadInput_NamesTheFieldAndChangesNothing(DatabaseProvider provider)
    {
        var (issuing, admin) = await SetUpAsync(provider);
        var email = $"bad.{Guid.NewGuid():N}@example.org";
        var old = await issuing.AwardAsync(email: email);
        var oldId = old.GetProperty("id").GetString()!;

        var badBadge = await admin.PostAsJsonAsync(CorrectUrl(issuing, oldId), new { badge = "initiative-leader@1.0.0/no-such-badge" });
        var badExpiry = await admin.PostAsJsonAsync(CorrectUrl(issuing, oldId),
            new { issuedOn = "2026-01-10T00:00:00Z", expires = "2026-01-01T00:00:00Z" });
        var badEmail = await admin.PostAsJsonAsync(CorrectUrl(issuing, oldId), new { recipientEmail = "not an email" });

        (await badBadge.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("badge").Should().ContainSingle().Which.Should().Contain("no-such-badge");
        (await badExpiry.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("expires").Should().NotBeEmpty();
        (await badEmail.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("recipientEmail").Should().NotBeEmpty();
        var awards = await issuing.App.WithDbAsync(db => db.Awards.AsNoTracking().Where(a => a.RecipientEmail == email).ToListAsync());
        awards.Should().ContainSingle().Which.Should().Match<Award>(a => a.RevokedAt == null && a.SupersededByAwardId == null);
        (await FetchJsonAsync(issuing.App, old.GetProperty("url").GetString()!)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Correct_RevokedOrSupersededOrForeignAward_IsRefusedAndChangesNothing()
    {
        var (issuing, admin) = await SetUpAsync(DatabaseProvider.Sqlite);
        var (stranger, strangerAdmin) = await SetUpAsync(DatabaseProvider.Sqlite);
        var revokedId = (await issuing.AwardAsync()).GetProperty("id").GetString()!;
        (await admin.PostAsJsonAsync($"/api/organisations/{issuing.Organisation.Id}/assertions/{revokedId}/revoke", new { reason = "Issued by mistake" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var supersededId = (await issuing.AwardAsync()).GetProperty("id").GetString()!;
        (await admin.PostAsJsonAsync(CorrectUrl(issuing, supersededId), new { narrative = "Prvi popravek" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var before = await issuing.App.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == issuing.Organisation.Id));

        var revoked = await admin.PostAsJsonAsync(CorrectUrl(issuing, revokedId), new { narrative = "Popravek" });
        var superseded = await admin.PostAsJsonAsync(CorrectUrl(issuing, supersededId), new { narrative = "Drugi popravek" });
        var foreign = await strangerAdmin.PostAsJsonAsync(CorrectUrl(stranger, supersededId), new { narrative = "Ni moja" });
        var missing = await admin.PostAsJsonAsync(CorrectUrl(issuing, "no-such-assertion"), new { narrative = "Ni je" });

        (await revoked.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("revoked");
        (await superseded.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("already superseded by");
        await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await issuing.App.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == issuing.Organisation.Id))).Should().Be(before);
        (await issuing.App.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == stranger.Organisation.Id))).Should().Be(0);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SupersedeAsync_Renewal_LinksBothAndLeavesTheOldOneValid(DatabaseProvider provider)
    {
        var (issuing, _) = await SetUpAsync(provider);
        var old = await issuing.AwardAsync(badge: Issuing.LeaderBadge, extra: new { issuedOn = DateTimeOffset.UtcNow.AddMonths(-30) });
        var oldId = old.GetProperty("id").GetString()!;
        var signedId = SignedId(await (await Get(issuing.App, old.GetProperty("links").GetProperty("jws").GetString()!, "*/*")).Content.ReadAsStringAsync());

        await using var scope = issuing.App.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardIssuer>().SupersedeAsync(
            issuing.Organisation.Id, oldId, issuing.Trainer.Id,
            award => AwardIssuer.RequestFrom(award) with { IssuedOn = null, Expires = null }, SupersessionKind.Renewal, CancellationToken.None);

        var superseded = outcome.Should().BeOfType<SupersedeOutcome.Superseded>().Subject;
        superseded.New.SupersedesAwardId.Should().Be(oldId);
        superseded.New.IssuedOn.Should().BeAfter(superseded.Old.IssuedOn.AddMonths(29));
        superseded.New.ExpiresAt.Should().Be(superseded.New.IssuedOn.AddMonths(36), "a renewal takes the model's validity from its new issue date");
        var stored = await issuing.App.WithDbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == oldId));
        stored.SupersededByAwardId.Should().Be(superseded.New.Id);
        stored.SupersessionKind.Should().Be(SupersessionKind.Renewal);
        stored.RevokedAt.Should().BeNull();
        (await FetchJsonAsync(issuing.App, old.GetProperty("url").GetString()!)).Status.Should().Be(HttpStatusCode.OK);
        var (_, _, list) = await FetchJsonAsync(issuing.App, $"{TestApp.PublicBaseUrl}/issuers/{issuing.Organisation.Slug}/revocations");
        list.GetProperty("revokedAssertions").EnumerateArray().Should().NotContain(r => r.GetProperty("id").GetString() == signedId);
    }

    [Fact]
    public async Task VerificationPages_OfAChain_SaySupersededAndListEveryVersion()
    {
        var (issuing, admin) = await SetUpAsync(DatabaseProvider.Sqlite);
        var first = await issuing.AwardAsync(badge: Issuing.LeaderBadge);
        var firstId = first.GetProperty("id").GetString()!;
        var second = await (await admin.PostAsJsonAsync(CorrectUrl(issuing, firstId), new { narrative = "Popravek" })).Content.ReadFromJsonAsync<JsonElement>();
        await using (var scope = issuing.App.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AwardIssuer>().SupersedeAsync(issuing.Organisation.Id, second.GetProperty("id").GetString()!,
                issuing.Trainer.Id, old => AwardIssuer.RequestFrom(old) with { IssuedOn = null, Expires = null }, SupersessionKind.Renewal,
                CancellationToken.None)).Should().BeOfType<SupersedeOutcome.Superseded>();
        }
        var third = await (await admin.GetAsync($"/api/organisations/{issuing.Organisation.Id}/assertions/{second.GetProperty("id").GetString()}"))
            .Content.ReadFromJsonAsync<JsonElement>();
        var thirdUrl = $"{TestApp.PublicBaseUrl}/assertions/{third.GetProperty("supersededBy").GetString()}";

        var firstPage = await Page(issuing, first.GetProperty("url").GetString()!);
        var secondPage = await Page(issuing, second.GetProperty("url").GetString()!);
        var thirdPage = await Page(issuing, thirdUrl);

        firstPage.Status.Should().Be(HttpStatusCode.Gone);
        firstPage.Html.Should().Contain("class=\"status superseded\"").And.Contain("Badge corrected on").And.Contain($"href=\"{thirdUrl}?lang=en\"");
        secondPage.Status.Should().Be(HttpStatusCode.OK, "a renewed badge stays valid until its own expiry");
        secondPage.Html.Should().Contain("Badge renewed on").And.Contain("remains valid until");
        thirdPage.Status.Should().Be(HttpStatusCode.OK);
        thirdPage.Html.Should().Contain("class=\"status valid\"").And.Contain("Versions of this badge");
        foreach (var html in new[] { firstPage.Html, secondPage.Html, thirdPage.Html })
        {
            var versions = Regex.Match(html, "<ol class=\"versions\">(.*?)</ol>", RegexOptions.Singleline).Groups[1].Value;
            Regex.Matches(versions, "<li>").Should().HaveCount(3);
            versions.Should().Contain(", correction").And.Contain(", renewal").And.Contain("(newest)");
        }
    }

    private static async Task<(HttpStatusCode Status, string Html)> Page(Issuing issuing, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        request.Headers.TryAddWithoutValidation("Accept-Language", "en");
        var response = await issuing.App.ClientFor(null).SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(Issuing Issuing, HttpClient Admin)> SetUpAsync(DatabaseProvider provider)
    {
        var issuing = await Issuing.CreateAsync(await TestApp.For(provider));
        var admin = await issuing.App.CreateAccountAsync(roles: (issuing.Organisation.Id, OrganisationRole.OrganisationAdmin));
        return (issuing, issuing.App.ClientFor(admin));
    }

    private static string CorrectUrl(Issuing issuing, string assertionId) =>
        $"/api/organisations/{issuing.Organisation.Id}/assertions/{assertionId}/correct";

    private static string SignedId(string jws) =>
        JsonDocument.Parse(Base64Url(jws.Split('.')[1])).RootElement.GetProperty("id").GetString()!;
}
