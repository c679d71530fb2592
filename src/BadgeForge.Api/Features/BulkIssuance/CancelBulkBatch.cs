using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Cancel: a batch awaiting confirmation is cancelled at once; a queued or running one stops after the chunk in
/// flight (the job checks between chunks and marks the remaining rows cancelled). Issued rows stay issued; roll back
/// revokes them.
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
        if (batch.State == BulkBatchState.Validated)
        {
            await db.BulkRows.Where(r => r.BatchId == batchId && r.State == BulkRowState.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, BulkRowState.Cancelled).SetProperty(r => r.ReservedKey, (string?)null)
                    .SetProperty(r => r.ProcessedAt, now), ct);
            await db.BulkBatches.Where(b => b.Id == batchId && b.State == BulkBatchState.Validated).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.State, BulkBatchState.Cancelled)
                .SetProperty(b => b.CancelRequestedAt, now)
                .SetProperty(b => b.FinishedAt, now), ct);
        }
        else if (batch.State is BulkBatchState.Queued or BulkBatchState.Running)
        {
            await db.BulkBatches.Where(b => b.Id == batchId && b.CancelRequestedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.CancelRequestedAt, now), ct);
        }
        else
        {
            return Problems.Conflict($"Batch {batchId} is {batch.State}; there is nothing left to cancel.");
        }
        batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
        return TypedResults.Accepted($"/api/organisations/{orgId}/bulk-batches/{batchId}", await BulkProgress.ResponseAsync(db, batch!, clock, ct));
    }
}
