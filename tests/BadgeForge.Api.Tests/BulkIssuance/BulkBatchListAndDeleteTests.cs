using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.BulkIssuance;

/// Listing an organisation's batches (paged, newest first) and deleting a dry run that was never confirmed.
public sealed class BulkBatchListAndDeleteTests
{
    private static string Rows(int count) =>
        "email,badge\n" + string.Join("\n", Enumerable.Range(0, count).Select(_ => $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge}"));

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task List_SeveralBatches_NewestFirstWithStateCountsAndPaging(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var oldest = BulkSetup.IdOf(await s.UploadAsync(Rows(3)));
        var issued = BulkSetup.IdOf(await s.UploadAsync(Rows(2) + "\nbad,x"));
        await s.ConfirmAsync(issued);
        await s.WaitUntilFinishedAsync(issued);
        var newest = BulkSetup.IdOf(await s.UploadAsync(Rows(1)));
        var other = await BulkSetup.CreateAsync(s.App);
        await other.UploadAsync(Rows(1));

        var first = await ListAsync(s, "?limit=2");
        var second = await ListAsync(s, "?offset=2&limit=2");
        var all = await ListAsync(s, "");

        first.GetProperty("total").GetInt32().Should().Be(3, "another organisation's batches are not listed");
        Ids(first).Should().Equal(newest, issued);
        Ids(second).Should().Equal(oldest);
        Ids(all).Should().Equal(newest, issued, oldest);
        var done = first.GetProperty("items")[1];
        (done.GetProperty("state").GetString(), done.GetProperty("total").GetInt32(), done.GetProperty("invalid").GetInt32(),
            done.GetProperty("done").GetInt32(), done.GetProperty("pending").GetInt32()).Should().Be(("Completed", 3, 1, 2, 0));
        var waiting = first.GetProperty("items")[0];
        (waiting.GetProperty("state").GetString(), waiting.GetProperty("valid").GetInt32(), waiting.GetProperty("pending").GetInt32())
            .Should().Be(("Validated", 1, 1));
        Ids(await ListAsync(s, "?offset=3")).Should().BeEmpty();
    }

    public static TheoryData<string, string> BadPaging => new()
    {
        { "offset=-1", "offset" },
        { "limit=0", "limit" },
        { "limit=501", "limit" },
        { "limit=-5&offset=0", "limit" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadPaging))]
    public async Task List_PagingOutOfRange_IsProblemNamingTheField(string query, string field)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        var response = await s.App.ClientFor(s.Trainer).GetAsync($"{s.Batches}/?{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal(field);
    }

    [Fact]
    public async Task List_PagingNotANumber_IsProblemNamingTheParameter()
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        var response = await s.App.ClientFor(s.Trainer).GetAsync($"{s.Batches}/?limit=ten");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail().Should().Contain("limit");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delete_UnconfirmedBatch_RemovesItAndItsRows(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var keep = BulkSetup.IdOf(await s.UploadAsync(Rows(2)));
        var dryRun = BulkSetup.IdOf(await s.UploadAsync(Rows(4) + "\nbad,x"));
        var cancelled = BulkSetup.IdOf(await s.UploadAsync(Rows(1)));
        (await s.App.ClientFor(s.Trainer).PostAsync($"{s.Batches}/{cancelled}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var other = await BulkSetup.CreateAsync(s.App);

        var wrongOrganisation = await other.App.ClientFor(other.Trainer).DeleteAsync($"{other.Batches}/{dryRun}");
        var response = await s.App.ClientFor(s.Trainer).DeleteAsync($"{s.Batches}/{dryRun}");
        var cancelledResponse = await s.App.ClientFor(s.Admin).DeleteAsync($"{s.Batches}/{cancelled}");

        await wrongOrganisation.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        cancelledResponse.StatusCode.Should().Be(HttpStatusCode.NoContent, "a dry run cancelled before confirmation was never confirmed");
        await (await s.App.ClientFor(s.Trainer).GetAsync($"{s.Batches}/{dryRun}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await s.App.WithDbAsync(db => db.BulkRows.CountAsync(r => r.BatchId == dryRun || r.BatchId == cancelled))).Should().Be(0);
        (await s.App.WithDbAsync(db => db.BulkRows.CountAsync(r => r.BatchId == keep))).Should().Be(2, "other batches keep their rows");
        Ids(await ListAsync(s, "")).Should().Equal(keep);
        await (await s.App.ClientFor(s.Trainer).DeleteAsync($"{s.Batches}/{dryRun}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delete_ConfirmedBatch_IsConflictAndKeepsEverything(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var batchId = BulkSetup.IdOf(await s.UploadAsync(Rows(3)));
        await s.ConfirmAsync(batchId);
        await s.WaitUntilFinishedAsync(batchId);

        var response = await s.App.ClientFor(s.Admin).DeleteAsync($"{s.Batches}/{batchId}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("never confirmed");
        (await s.GetAsync(batchId)).GetProperty("done").GetInt32().Should().Be(3);
        (await s.App.WithDbAsync(db => db.BulkRows.CountAsync(r => r.BatchId == batchId))).Should().Be(3);
    }

    [Fact]
    public async Task Delete_UnknownBatch_IsNotFound()
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var unknown = Guid.NewGuid();

        var response = await s.App.ClientFor(s.Trainer).DeleteAsync($"{s.Batches}/{unknown}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail().Should().Contain(unknown.ToString());
    }

    private static async Task<JsonElement> ListAsync(BulkSetup s, string query)
    {
        var response = await s.App.ClientFor(s.Trainer).GetAsync($"{s.Batches}/{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetGuid())];
}
