using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Cancel: a batch awaiting confirmation is cancelled at once; a queued or running one stops after the chunk in
/// flight (the job checks between chunks and marks the remaining rows cancelled). Issued rows stay issued; roll back
/// revokes them. Every state change is a conditional update of the batch, so a cancellation racing a confirmation
/// leaves the batch either cancelled and never confirmed, or confirmed and asked to stop, never both.
/// </summary>
internal static class CancelBulkBatch
{
    public static async Task<Results<Accepted<BulkBatchResponse>, ProblemHttpResult>> CancelAsync(
        Guid orgId, Guid batchId, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
        if (batch is null)
        {
            return BulkProgress.NotFound(orgId, batchId);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var cancelled = batch.State == BulkBatchState.Validated && await CancelDryRunAsync(db, batchId, now, ct);
        if (!cancelled)
        {
            // Confirmed before or meanwhile: ask its job to stop, unless it finished meanwhile.
            var asked = await db.BulkBatches.Where(b => b.Id == batchId && b.CancelRequestedAt == null
                    && (b.State == BulkBatchState.Queued || b.State == BulkBatchState.Running))
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.CancelRequestedAt, now), ct);
            if (asked == 0)
            {
                batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
                if (batch is null)
                {
                    return BulkProgress.NotFound(orgId, batchId);
                }
                // Asked before (the job is stopping): the same answer again. Otherwise it has finished.
                if (batch.State is not (BulkBatchState.Queued or BulkBatchState.Running))
                {
                    return Problems.Conflict($"Batch {batchId} is {batch.State}; there is nothing left to cancel.");
                }
            }
        }
        batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
        return batch is null
            ? BulkProgress.NotFound(orgId, batchId)
            : TypedResults.Accepted($"/api/organisations/{orgId}/bulk-batches/{batchId}", await BulkProgress.ResponseAsync(db, batch, clock, ct));
    }

    /// A dry run: the batch leaves Validated and its rows are cancelled in one transaction, or nothing changes
    /// (a confirmation got in first). False when nothing changed.
    private static async Task<bool> CancelDryRunAsync(BadgeForgeDbContext db, Guid batchId, DateTime now, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.BulkBatches.Where(b => b.Id == batchId && b.State == BulkBatchState.Validated).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.State, BulkBatchState.Cancelled)
                .SetProperty(b => b.CancelRequestedAt, now)
                .SetProperty(b => b.FinishedAt, now), ct);
            if (claimed == 0)
            {
                return false;
            }
            await db.BulkRows.Where(r => r.BatchId == batchId && r.State == BulkRowState.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, BulkRowState.Cancelled).SetProperty(r => r.ProcessedAt, now), ct); // no keys yet: confirming reserves them
            await tx.CommitAsync(ct);
            return true;
        });
    }
}
