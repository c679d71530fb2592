using System.Net;
using BadgeForge.Api.Features.BulkIssuance;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests.BulkIssuance;

/// Confirm and cancel sent at the same moment: each batch ends in one consistent state, and a batch cancelled before
/// its job started issues nothing.
public sealed class BulkCancelConfirmRaceTests
{
    private const int Pairs = 8;

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task CancelAndConfirm_Concurrently_NeverBothAndNothingIssued(DatabaseProvider provider)
    {
        // No job server: the jobs run below, after both calls have answered, as a job that starts late would.
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        var s = await BulkSetup.CreateAsync(app);
        var batches = new List<Guid>();
        for (var i = 0; i < Pairs; i++)
        {
            var csv = "email,badge,idempotencyKey\n" + string.Join("\n", Enumerable.Range(0, 3).Select(j => $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},race-{i}-{j}"))
                + "\nbad,x,";
            batches.Add(BulkSetup.IdOf(await s.UploadAsync(csv)));
        }
        var confirmer = app.ClientFor(s.Trainer);
        var canceller = app.ClientFor(s.Admin);

        var outcomes = await Task.WhenAll(batches.Select(async id =>
        {
            var confirm = confirmer.PostAsync($"{s.Batches}/{id}/confirm", null);
            var cancel = canceller.PostAsync($"{s.Batches}/{id}/cancel", null);
            await Task.WhenAll(confirm, cancel);
            return (Id: id, Confirm: (await confirm).StatusCode, Cancel: (await cancel).StatusCode, Body: await (await confirm).Content.ReadAsStringAsync());
        }));
        foreach (var id in batches)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BulkIssuanceProcessor>().RunAsync(id, CancellationToken.None);
        }

        foreach (var (id, confirm, cancel, body) in outcomes)
        {
            cancel.Should().Be(HttpStatusCode.Accepted, "a cancellation either cancels the dry run or asks the confirmed batch's job to stop");
            confirm.Should().BeOneOf([HttpStatusCode.Accepted, HttpStatusCode.Conflict], body);
            var batch = await app.WithDbAsync(db => db.BulkBatches.SingleAsync(b => b.Id == id));
            var rows = await app.WithDbAsync(db => db.BulkRows.Where(r => r.BatchId == id).ToListAsync());
            batch.State.Should().Be(BulkBatchState.Cancelled);
            batch.CancelRequestedAt.Should().NotBeNull();
            if (confirm == HttpStatusCode.Accepted)
            {
                batch.ConfirmedAt.Should().NotBeNull();
            }
            else
            {
                batch.ConfirmedAt.Should().BeNull("the cancellation got in first, so the batch was never confirmed");
            }
            rows.Where(r => r.State != BulkRowState.Invalid).Should().HaveCount(3).And.OnlyContain(r => r.State == BulkRowState.Cancelled);
            rows.Should().OnlyContain(r => r.AssertionId == null, "nothing was issued");
        }
        (await app.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == s.Organisation.Id))).Should().Be(0);
        // Nothing was issued, so no key stays held: the same keys pass a new dry run.
        var again = await s.UploadAsync("email,badge,idempotencyKey\n" + string.Join("\n",
            Enumerable.Range(0, Pairs).SelectMany(i => Enumerable.Range(0, 3).Select(j => $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},race-{i}-{j}"))));
        again.GetProperty("batch").GetProperty("valid").GetInt32().Should().Be(Pairs * 3, again.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Confirm_TwiceConcurrently_OneWinsAndTheOtherIsConflict(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        var s = await BulkSetup.CreateAsync(app);
        var id = BulkSetup.IdOf(await s.UploadAsync($"email,badge,idempotencyKey\n{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},twice-{Guid.NewGuid():N}"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.ClientFor(s.Trainer).PostAsync($"{s.Batches}/{id}/confirm", null)));

        var codes = responses.Select(r => r.StatusCode).ToList();
        (codes.Count(c => c == HttpStatusCode.Accepted), codes.Count(c => c == HttpStatusCode.Conflict)).Should().Be((1, 3));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }
        (await s.GetAsync(id)).GetProperty("state").GetString().Should().Be("Queued");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Confirm_DryRunsSharingAKey_Concurrently_OnlyOneIsConfirmedAndTheKeyIssuesOnce(DatabaseProvider provider)
    {
        // Four dry runs of the same keys (made before any was confirmed, so each passed), confirmed at the same moment:
        // the keys are checked under a per-organisation lock, so exactly one batch is confirmed.
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        var s = await BulkSetup.CreateAsync(app);
        var tag = Guid.NewGuid().ToString("N");
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            // Different recipients each time, one key in common (the last line): only the key can collide.
            ids.Add(BulkSetup.IdOf(await s.UploadAsync("email,badge,idempotencyKey\n"
                + $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},own-{tag}-{i}\n{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},shared-{tag}")));
        }

        var responses = await Task.WhenAll(ids.Select(id => app.ClientFor(s.Trainer).PostAsync($"{s.Batches}/{id}/confirm", null)));

        var codes = responses.Select(r => r.StatusCode).ToList();
        (codes.Count(c => c == HttpStatusCode.Accepted), codes.Count(c => c == HttpStatusCode.Conflict)).Should().Be((1, 3));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            (await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("idempotency keys");
        }
        var winner = ids[codes.IndexOf(HttpStatusCode.Accepted)];
        foreach (var id in ids)
        {
            (await s.GetAsync(id)).GetProperty("state").GetString().Should().Be(id == winner ? "Queued" : "Validated", "a refused confirmation changes nothing");
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BulkIssuanceProcessor>().RunAsync(winner, CancellationToken.None);
        }
        (await app.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == s.Organisation.Id))).Should().Be(2);
    }
}
