using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Api.Tests.Trainings;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Expiry;

public sealed class RenewalTests
{
    /// Valid 36 months; renewed by mentoring at least one initiative (confirmed by the organisation) within 36 months.
    private const string MentorBadge = "initiative-leader@1.0.0/vdp.b.mentor-pobud";

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RenewOwn_AfterExpiryWithMentoringInWindow_IssuesRenewalThatSupersedesTheOld(DatabaseProvider provider)
    {
        await using var expiry = await ExpiryApp.StartAsync(provider);
        var (renewal, award) = await SetUpAsync(expiry);
        var expiresAt = award.GetProperty("expiresAt").GetDateTime();
        var oldId = award.GetProperty("id").GetString()!;
        expiry.Clock.Now = expiresAt.AddDays(-30);
        await renewal.RecordMentoringAsync(daysAgo: 1);

        expiry.Clock.Now = new DateTimeOffset(expiresAt.AddDays(2).AddMilliseconds(-expiresAt.Millisecond), TimeSpan.Zero);
        var response = await renewal.Earner.PostAsync($"/api/backpack/badges/{oldId}/renew", null);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var renewed = await response.Content.ReadFromJsonAsync<JsonElement>();
        var issuedOn = renewed.GetProperty("issuedOn").GetDateTime();
        issuedOn.Should().Be(expiry.Clock.Now.UtcDateTime.AddTicks(-(expiry.Clock.Now.UtcTicks % TimeSpan.TicksPerSecond)), "renewal is issued at the renewal instant");
        renewed.GetProperty("expiresAt").GetDateTime().Should().Be(issuedOn.AddMonths(36), "expiry is renewedAt.AddMonths(N)");
        renewed.GetProperty("supersedes").GetString().Should().Be(oldId);
        renewed.GetProperty("badge").GetString().Should().Be(MentorBadge);

        var old = await expiry.App.WithDbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == oldId));
        old.SupersededByAwardId.Should().Be(renewed.GetProperty("id").GetString());
        old.SupersessionKind.Should().Be(SupersessionKind.Renewal);
        old.RevokedAt.Should().BeNull("a renewed badge is superseded, not revoked");
        (await expiry.App.ClientFor(null).GetAsync($"/assertions/{oldId}")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, $"/assertions/{oldId}?lang=en");
        pageRequest.Headers.Accept.ParseAdd("text/html");
        var page = await (await expiry.App.ClientFor(null).SendAsync(pageRequest)).Content.ReadAsStringAsync();
        page.Should().Contain("Badge renewed on").And.Contain(renewed.GetProperty("url").GetString());

        var again = await renewal.Earner.PostAsync($"/api/backpack/badges/{oldId}/renew", null);
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("already superseded");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RenewOwn_CriteriaNotMet_Is422ListingWhatIsMissing_AndIssuesNothing(DatabaseProvider provider)
    {
        await using var expiry = await ExpiryApp.StartAsync(provider);
        var (renewal, award) = await SetUpAsync(expiry);
        var id = award.GetProperty("id").GetString()!;
        // Mentoring long ago: outside the 36-month window counted back from the renewal instant.
        await renewal.RecordMentoringAsync(daysAgo: 1);
        expiry.Clock.Now = expiry.Clock.Now.AddMonths(37);

        var response = await renewal.Earner.PostAsync($"/api/backpack/badges/{id}/renew", null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("title").GetString().Should().Be("Renewal criteria not met");
        var unmet = problem.GetProperty("unmet");
        unmet.GetArrayLength().Should().Be(1);
        unmet[0].GetProperty("en").GetString().Should().NotBeNullOrEmpty();
        var awards = await expiry.App.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == renewal.Issuing.Organisation.Id));
        awards.Should().Be(1, "nothing is issued when the renewal rule is not met");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RenewForEarner_ByTrainerBeforeExpiry_SupersedesAndStopsReminders(DatabaseProvider provider)
    {
        await using var expiry = await ExpiryApp.StartAsync(provider);
        var (renewal, award) = await SetUpAsync(expiry);
        var id = award.GetProperty("id").GetString()!;
        await renewal.RecordMentoringAsync(daysAgo: 3);

        var response = await expiry.App.ClientFor(renewal.Issuing.Trainer)
            .PostAsync($"/api/organisations/{renewal.Issuing.Organisation.Id}/assertions/{id}/renew", null);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var renewed = await response.Content.ReadFromJsonAsync<JsonElement>();
        renewed.GetProperty("supersedes").GetString().Should().Be(id);
        var trainerIssued = await expiry.App.WithDbAsync(db => db.Awards.AsNoTracking()
            .Where(a => a.Id == renewed.GetProperty("id").GetString()).Select(a => a.IssuedByAccountId).SingleAsync());
        trainerIssued.Should().Be(renewal.Issuing.Trainer.Id);

        expiry.Clock.Now = award.GetProperty("expiresAt").GetDateTime().AddDays(-10);
        await expiry.RunProcessorAsync();
        var reminded = await expiry.App.WithDbAsync(db => db.ExpiryReminders.Select(r => r.AwardId).ToListAsync());
        reminded.Should().Equal([renewed.GetProperty("id").GetString()], "a superseded award is not reminded of; its renewal is");
    }

    [Fact]
    public async Task Renew_BadgeWithoutRenewal_Is409_AndAnotherPersonsBadgeIs404()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var issuing = await Issuing.CreateAsync(app);
        var email = $"earner-{Guid.NewGuid():N}@example.org";
        var earner = await app.CreateAccountAsync(email: email);
        var forever = (await issuing.AwardAsync(Issuing.YouthBadge, email)).GetProperty("id").GetString();
        var someoneElses = (await issuing.AwardAsync(MentorBadge)).GetProperty("id").GetString();

        var noRenewal = await app.ClientFor(earner).PostAsync($"/api/backpack/badges/{forever}/renew", null);
        var notMine = await app.ClientFor(earner).PostAsync($"/api/backpack/badges/{someoneElses}/renew", null);

        (await noRenewal.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("does not expire");
        await notMine.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<(RenewalSetup Setup, JsonElement Award)> SetUpAsync(ExpiryApp expiry)
    {
        var issuing = await Issuing.CreateAsync(expiry.App);
        var admin = await expiry.App.CreateAccountAsync(roles: (issuing.Organisation.Id, OrganisationRole.OrganisationAdmin));
        var email = $"mentor-{Guid.NewGuid():N}@example.org";
        var earner = await expiry.App.CreateAccountAsync(email: email);
        var training = new TrainingSetup(expiry.App, issuing.Organisation, issuing.Trainer, expiry.App.ClientFor(admin));
        var runId = await training.CreateRunAsync();
        await training.EnrolAsync(runId, email);
        var award = await issuing.AwardAsync(MentorBadge, email);
        return (new RenewalSetup(expiry, issuing, training, runId, email, expiry.App.ClientFor(earner)), award);
    }

    private sealed record RenewalSetup(ExpiryApp Expiry, Issuing Issuing, TrainingSetup Training, Guid RunId, string Email, HttpClient Earner)
    {
        /// A mentoring entry recorded by an organisation admin (confirmer role "organisation"), dated by the app's clock.
        public async Task RecordMentoringAsync(int daysAgo)
        {
            var day = DateOnly.FromDateTime(Expiry.Clock.Now.UtcDateTime.AddDays(-daysAgo)).ToString("yyyy-MM-dd");
            var response = await Training.Client.PostAsJsonAsync($"{Training.Run(RunId)}/practice",
                new { email = Email, kind = "mentoring", startsOn = day, minutes = 120 });
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }
}
