using System.Data.Common;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Step 2: reserves the rows' idempotency keys (unique per organisation, so a key confirmed twice fails here rather
/// than issuing twice), marks the batch queued and enqueues its job. The job does the issuing.
/// </summary>
internal static class ConfirmBulkBatch
{
    public static async Task<Results<Accepted<BulkBatchResponse>, ProblemHttpResult>> ConfirmAsync(
        Guid orgId, Guid batchId, HttpContext http, BadgeForgeDbContext db, BulkIssuanceScheduler scheduler, TimeProvider clock,
        CancellationToken ct)
    {
        var batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
        if (batch is null)
        {
            return BulkProgress.NotFound(orgId, batchId);
        }
        if (batch.State != BulkBatchState.Validated)
        {
            return Problems.Conflict($"Batch {batchId} is {batch.State}; only a batch awaiting confirmation can be confirmed.");
        }
        if (batch.Valid == 0)
        {
            return Problems.Conflict($"Batch {batchId} has no valid rows; correct the file and upload it again.");
        }
        var confirmedAt = clock.GetUtcNow().UtcDateTime;
        var strategy = db.Database.CreateExecutionStrategy();
        int claimed;
        try
        {
            claimed = await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                // The state change first, conditionally: of a confirmation and a cancellation (or a second
                // confirmation) only one moves the batch on from Validated; the other changes nothing.
                var n = await db.BulkBatches.Where(b => b.Id == batchId && b.State == BulkBatchState.Validated).ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.State, BulkBatchState.Queued)
                    .SetProperty(b => b.ConfirmedAt, confirmedAt)
                    .SetProperty(b => b.ConfirmedByAccountId, http.User.RequiredAccountId()), ct);
                if (n == 0)
                {
                    return 0;
                }
                await db.BulkRows.Where(r => r.BatchId == batchId && r.State == BulkRowState.Pending && r.IdempotencyKey != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReservedKey, r => r.IdempotencyKey), ct);
                await tx.CommitAsync(ct);
                return n;
            });
        }
        catch (DbException e) when (UniqueViolations.Is(e))
        {
            // The unique (organisation, key) index: another batch confirmed one of these keys after this dry run.
            // ExecuteUpdate surfaces the provider's exception (SqliteException, PostgresException), not DbUpdateException.
            return Problems.Conflict("Another batch confirmed some of these idempotency keys after this dry run; upload the file again to see which.");
        }
        if (claimed == 0)
        {
            return await BulkProgress.FindAsync(db, orgId, batchId, ct) is { } now
                ? Problems.Conflict($"Batch {batchId} is {now.State} now (confirmed or cancelled meanwhile); only a batch awaiting confirmation can be confirmed.")
                : BulkProgress.NotFound(orgId, batchId);
        }
        scheduler.Enqueue(batchId);
        batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
        return TypedResults.Accepted($"/api/organisations/{orgId}/bulk-batches/{batchId}", await BulkProgress.ResponseAsync(db, batch!, clock, ct));
    }
}

/// Enqueues a batch's jobs: one per core on PostgreSQL (they claim chunks with row locks), one on SQLite.
public sealed class BulkIssuanceScheduler(IBackgroundJobClient jobs, DatabaseSettings database, IOptions<BulkIssuanceOptions> options)
{
    public void Enqueue(Guid batchId)
    {
        var count = database.Provider == DatabaseProvider.Postgres ? options.Value.JobsPerBatch : 1;
        for (var i = 0; i < count; i++)
        {
            jobs.Enqueue<BulkIssuanceJob>(j => j.RunAsync(batchId, CancellationToken.None));
        }
    }
}
