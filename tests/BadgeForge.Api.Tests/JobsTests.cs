using System.Collections.Concurrent;
using System.Net;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BadgeForge.Api.Tests;

public sealed class JobsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EnqueuedJob_RunsInThisAppWithItsOwnServices(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var marker = Guid.NewGuid();

        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<RecordingJob>(j => j.RunAsync(marker, CancellationToken.None));

        var ran = await RecordingJob.WaitForAsync(marker, TimeSpan.FromSeconds(30));
        ran.Should().BeTrue("the job server of the app processes what the app enqueues");
        RecordingJob.ProvidersSeen[marker].Should().Be(provider, "the job was activated from this app's container");
    }

    [Fact]
    public async Task AppStoppedInTheSameProcess_DoesNotBreakAnotherAppsJobs()
    {
        // Hangfire keeps some configuration process-wide: the app configured last must not take the others with it.
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        await using (var other = await TestApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>()))
        {
            other.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<RecordingJob>(j => j.RunAsync(Guid.NewGuid(), CancellationToken.None));
        }
        var marker = Guid.NewGuid();

        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<RecordingJob>(j => j.RunAsync(marker, CancellationToken.None));

        (await RecordingJob.WaitForAsync(marker, TimeSpan.FromSeconds(30))).Should().BeTrue();
    }

    [SkippableFact]
    public async Task Postgres_ListenConnectionKilled_JobsStillRun()
    {
        // Long polling waits for NOTIFY on a connection of its own. If PostgreSQL (a restart, a failover, an idle-session
        // killer) ends that connection, enqueued jobs must still be picked up.
        var app = await TestApp.For(DatabaseProvider.Postgres);
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        var first = Guid.NewGuid();
        jobs.Enqueue<RecordingJob>(j => j.RunAsync(first, CancellationToken.None));
        (await RecordingJob.WaitForAsync(first, TimeSpan.FromSeconds(30))).Should().BeTrue();

        await using var admin = new NpgsqlConnection(app.Services.GetRequiredService<DatabaseSettings>().ConnectionString);
        await admin.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity " +
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'", admin);
        var killed = (long)(await kill.ExecuteScalarAsync())!;
        killed.Should().BeGreaterThan(0, "the job server listens for new jobs (long polling is on)");

        var second = Guid.NewGuid();
        jobs.Enqueue<RecordingJob>(j => j.RunAsync(second, CancellationToken.None));
        (await RecordingJob.WaitForAsync(second, TimeSpan.FromSeconds(60))).Should().BeTrue("polling, or a new LISTEN connection, picks the job up");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dashboard_IsForPlatformAdminsOnly(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var organisation = await app.CreateOrganisationAsync();
        var orgAdmin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        var trainer = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer));
        var admin = await app.CreateAccountAsync(platformAdmin: true);
        var generated = await app.CreateAccountAsync(platformAdmin: true, mustChangePassword: true);

        (await app.ClientFor(null).GetAsync("/hangfire")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.ClientFor(orgAdmin).GetAsync("/hangfire")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.ClientFor(trainer).GetAsync("/hangfire/jobs/enqueued")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.ClientFor(generated).GetAsync("/hangfire")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var page = await app.ClientFor(admin).GetAsync("/hangfire");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("BadgeForge jobs");
        var stats = await app.ClientFor(admin).PostAsync("/hangfire/stats", new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]));
        stats.StatusCode.Should().Be(HttpStatusCode.OK, "the dashboard's own calls carry the same bearer token");
    }
}

/// A job that records which app ran it (public: Hangfire activates it by type name).
public sealed class RecordingJob(DatabaseSettings settings)
{
    public static readonly ConcurrentDictionary<Guid, DatabaseProvider> ProvidersSeen = new();

    public Task RunAsync(Guid marker, CancellationToken ct)
    {
        ProvidersSeen[marker] = settings.Provider;
        return Task.CompletedTask;
    }

    public static async Task<bool> WaitForAsync(Guid marker, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (ProvidersSeen.ContainsKey(marker))
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }
}
