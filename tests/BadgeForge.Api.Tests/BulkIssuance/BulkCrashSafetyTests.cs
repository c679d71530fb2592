using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests.BulkIssuance;

/// Real processes: SIGKILL in the middle of a batch, and two instances sharing one PostgreSQL database.
public sealed class BulkCrashSafetyTests
{
    private const string Badge = "initiative-leader@1.0.0/vdp.b.mladi-pobudnik";

    // Small chunks make the batch take long enough to be killed in the middle of it.
    private static readonly Dictionary<string, string?> SlowChunks = new() { ["BulkIssuance__ChunkSize"] = "10" };

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task KilledMidBatch_RestartedProcess_IssuesEveryRowExactlyOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        var (batchId, orgId, token) = (Guid.Empty, Guid.Empty, "");
        const int rows = 3000;
        await using (var first = await ApiProcess.StartAsync(database, SlowChunks))
        {
            token = await ApiProcess.CreateAdminTokenAsync(database, first);
            using var http = first.Client(token);
            orgId = await ApiProcess.CreateOrganisationAsync(http);
            batchId = await UploadAndConfirmAsync(http, orgId, rows);
            var progress = await WaitAsync(http, orgId, batchId, b => b.GetProperty("done").GetInt32() > 0);
            first.Kill();
            progress.GetProperty("done").GetInt32().Should().BeLessThan(rows, "the process must die in the middle of the batch");
        }

        await using var second = await ApiProcess.StartAsync(database);
        using var client = second.Client(token);
        var final = await WaitAsync(client, orgId, batchId, b => b.GetProperty("state").GetString() is not ("Queued" or "Running"));

        final.GetProperty("state").GetString().Should().Be("Completed", "start-up resumes unfinished batches");
        await AssertEachRowIssuedOnceAsync(database, batchId, rows);
    }

    [SkippableFact]
    public async Task TwoProcessesOnOnePostgres_ShareTheBatch_EachRowIssuedOnce()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Postgres);
        var settings = new Dictionary<string, string?> { ["BulkIssuance__ChunkSize"] = "20", ["BulkIssuance__JobsPerBatch"] = "6" };
        await using var first = await ApiProcess.StartAsync(database, settings);
        await using var second = await ApiProcess.StartAsync(database, settings);
        var token = await ApiProcess.CreateAdminTokenAsync(database, first);
        using var http = first.Client(token);
        var orgId = await ApiProcess.CreateOrganisationAsync(http);
        const int rows = 2000;

        var batchId = await UploadAndConfirmAsync(second.Client(token), orgId, rows);
        var final = await WaitAsync(http, orgId, batchId, b => b.GetProperty("state").GetString() is not ("Queued" or "Running"));

        final.GetProperty("state").GetString().Should().Be("Completed");
        await AssertEachRowIssuedOnceAsync(database, batchId, rows);
    }

    private static async Task AssertEachRowIssuedOnceAsync(TestDatabase database, Guid batchId, int rows)
    {
        var services = new ServiceCollection();
        services.AddBadgeForgeData(new DatabaseSettings(database.Provider, database.ConnectionString));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var states = await db.BulkRows.Where(r => r.BatchId == batchId).GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        states.Should().ContainSingle().Which.Should().Be(new { Key = BulkRowState.Issued, Count = rows });
        var rowIds = db.BulkRows.Where(r => r.BatchId == batchId).Select(r => (Guid?)r.Id);
        var awarded = await db.Awards.Where(a => rowIds.Contains(a.BulkRowId)).GroupBy(a => a.BulkRowId).Select(g => g.Count()).ToListAsync();
        awarded.Should().HaveCount(rows).And.OnlyContain(n => n == 1, "every row is issued exactly once");
        (await db.Awards.CountAsync()).Should().Be(rows, "no award without its row");
        var linked = await db.BulkRows.Where(r => r.BatchId == batchId)
            .CountAsync(r => db.Awards.Any(a => a.Id == r.AssertionId && a.BulkRowId == r.Id));
        linked.Should().Be(rows, "each row names the award that carries its id");
    }

    private static async Task<Guid> UploadAndConfirmAsync(HttpClient http, Guid orgId, int rows)
    {
        var csv = new StringBuilder("email,name,badge,idempotencyKey\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append($"learner{i}@example.org,Učenec {i},{Badge},row-{i}\n");
        }
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new("text/csv");
        var upload = await http.PostAsync($"/api/organisations/{orgId}/bulk-batches/", content);
        upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var batchId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch").GetProperty("id").GetGuid();
        var confirm = await http.PostAsync($"/api/organisations/{orgId}/bulk-batches/{batchId}/confirm", null);
        confirm.StatusCode.Should().Be(HttpStatusCode.Accepted, await confirm.Content.ReadAsStringAsync());
        return batchId;
    }

    private static async Task<JsonElement> WaitAsync(HttpClient http, Guid orgId, Guid batchId, Func<JsonElement, bool> until)
    {
        var limit = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var batch = await http.GetFromJsonAsync<JsonElement>($"/api/organisations/{orgId}/bulk-batches/{batchId}");
            if (until(batch) || DateTime.UtcNow > limit)
            {
                return batch;
            }
            await Task.Delay(20);
        }
    }
}
