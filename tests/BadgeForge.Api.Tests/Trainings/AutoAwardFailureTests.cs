using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests.Trainings;

/// <summary>
/// Automatic awarding that fails after the last session's attendance was saved: the attendance stays recorded, the
/// answer is a 200 that says awarding failed and how to retry, and the retry awards.
/// </summary>
public sealed class AutoAwardFailureTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RecordAttendance_AwardingFails_AttendanceIsKeptAndTheAnswerNamesTheRetry(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        (await setup.Client.PutAsJsonAsync($"{setup.Run(runId)}/settings", new { autoAward = true })).EnsureSuccessStatusCode();
        var session = await setup.AddSessionAsync(runId, daysAgo: 2, minutes: 600);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email = ana, kind = "reflection" })).EnsureSuccessStatusCode();
        // The same app and database, except that storing an award fails (as a broken signing store or database would).
        await using var failing = setup.App.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureDbContext<BadgeForgeDbContext>(o => o.AddInterceptors(new RefuseAwards()))));
        using var client = failing.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(TestApp.PublicBaseUrl) });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", setup.Trainer.AccessToken);

        var response = await client.PostAsJsonAsync($"{setup.Run(runId)}/attendance",
            new { records = new[] { new { sessionId = session, email = ana, status = "Present" } } });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("created").GetInt32().Should().Be(1);
        body.GetProperty("autoAwarded").ValueKind.Should().Be(JsonValueKind.Null);
        var failure = body.GetProperty("autoAwardFailed");
        var retry = failure.GetProperty("retryUrl").GetString();
        retry.Should().Be($"{setup.Run(runId)}/preview/award");
        failure.GetProperty("message").GetProperty("en").GetString().Should().Contain("Attendance was recorded").And.Contain(retry);
        failure.GetProperty("message").GetProperty("sl").GetString().Should().Contain("Prisotnost je shranjena");
        (await setup.App.WithDbAsync(db => db.TrainingAttendance.CountAsync(a => a.SessionId == session && a.Status == AttendanceKind.Present)))
            .Should().Be(1, "the attendance is a fact about the session and stays recorded");
        (await setup.App.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == setup.Organisation.Id))).Should().Be(0);

        var retried = await setup.Client.PostAsync(retry, null);

        retried.StatusCode.Should().Be(HttpStatusCode.OK, await retried.Content.ReadAsStringAsync());
        (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("awarded").EnumerateArray()
            .Select(a => a.GetProperty("email").GetString()).Should().Equal(ana);
    }

    private sealed class RefuseAwards : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<Award>().Any(e => e.State == EntityState.Added)
                ? throw new InvalidOperationException("The award store is unavailable (test).")
                : base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
