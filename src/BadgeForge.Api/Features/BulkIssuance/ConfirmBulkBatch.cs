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
/// Step 2: checks again that no other confirmed batch holds one of the rows' idempotency keys (a key confirmed twice
/// fails here rather than issuing twice), marks the batch queued and enqueues its job. The job does the issuing.
/// </summary>
internal static class ConfirmBulkBatch
{
    public static async Task<Results<Accepted<BulkBatchResponse>, ProblemHttpResult>> ConfirmAsync(
        Guid orgId, Guid batchId, HttpContext http, BadgeForgeDbContext db, BulkIssuanceScheduler scheduler, DatabaseSettings database,
        TimeProvider clock, CancellationToken ct)
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
        // 1 confirmed, 0 when the batch is no longer awaiting confirmation, -1 when another batch holds a key.
        var claimed = await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // One confirmation at a time per organisation: between this check and the commit no other batch can
            // take one of these keys.
            await BulkKeys.LockAsync(db, database, orgId, ct);
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
            var keys = await db.BulkRows.AsNoTracking().Where(r => r.BatchId == batchId && r.State == BulkRowState.Pending && r.IdempotencyKey != null)
                .Select(r => r.IdempotencyKey!).ToListAsync(ct);
            if (keys.Count > 0)
            {
                await ArrayLookups.PlanForActualArraysAsync(db, database, ct);
                // This batch is Queued now, so its own rows hold their keys too: only other batches' count.
                if ((await BulkKeys.HeldAsync(db, orgId, keys, exceptBatchId: batchId, ct)).Count > 0)
                {
                    await tx.RollbackAsync(ct);
                    return -1;
                }
            }
            await tx.CommitAsync(ct);
            return n;
        });
        if (claimed < 0)
        {
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
