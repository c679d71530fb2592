using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Deletes a dry run that was never confirmed (awaiting confirmation, or cancelled before it), with its rows: nothing
/// was issued from it and none of its rows held a key. A batch that was ever confirmed stays, as the record of
/// what was issued.
/// </summary>
internal static class DeleteBulkBatch
{
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid orgId, Guid batchId, BadgeForgeDbContext db, CancellationToken ct)
    {
        var batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
        if (batch is null)
        {
            return BulkProgress.NotFound(orgId, batchId);
        }
        if (batch.ConfirmedAt is not null || batch.State is not (BulkBatchState.Validated or BulkBatchState.Cancelled))
        {
            return Confirmed(batch.Id, batch.State);
        }
        // Conditional: a confirmation that got in first keeps the batch (on PostgreSQL this waits for its row lock and
        // re-checks; SQLite runs one writer at a time). The rows go with the batch, in the same transaction (there is
        // no foreign key to cascade; see BulkRowConfiguration).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.BulkBatches.Where(b => b.Id == batchId && b.OrganisationId == orgId && b.ConfirmedAt == null
                && (b.State == BulkBatchState.Validated || b.State == BulkBatchState.Cancelled))
            .ExecuteDeleteAsync(ct);
        if (deleted == 1)
        {
            await db.BulkRows.Where(r => r.BatchId == batchId).ExecuteDeleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        if (deleted == 0)
        {
            return await BulkProgress.FindAsync(db, orgId, batchId, ct) is { } now
                ? Confirmed(now.Id, now.State)
                : BulkProgress.NotFound(orgId, batchId);
        }
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Confirmed(Guid batchId, BulkBatchState state) =>
        Problems.Conflict($"Batch {batchId} was confirmed (it is {state}); only a dry run that was never confirmed can be deleted. " +
            "Cancel or roll it back instead.");
}
