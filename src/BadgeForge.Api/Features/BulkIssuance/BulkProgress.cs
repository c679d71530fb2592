using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.BulkIssuance;

/// Progress of a batch, counted from its rows (the only record that survives a crash).
internal static class BulkProgress
{
    public static async Task<Results<Ok<BulkBatchResponse>, ProblemHttpResult>> GetAsync(
        Guid orgId, Guid batchId, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var batch = await FindAsync(db, orgId, batchId, ct);
        return batch is null ? NotFound(orgId, batchId) : TypedResults.Ok(await ResponseAsync(db, batch, clock, ct));
    }

    public static Task<BulkBatch?> FindAsync(BadgeForgeDbContext db, Guid orgId, Guid batchId, CancellationToken ct) =>
        db.BulkBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId && b.OrganisationId == orgId, ct);

    public static ProblemHttpResult NotFound(Guid orgId, Guid batchId) =>
        Problems.NotFound($"Organisation {orgId} has no bulk batch {batchId}.");

    public static async Task<BulkBatchResponse> ResponseAsync(BadgeForgeDbContext db, BulkBatch batch, TimeProvider clock, CancellationToken ct)
    {
        if (!NeedsRowCounts(batch))
        {
            return ToResponse(batch, NoCounts, clock.GetUtcNow().UtcDateTime);
        }
        var counts = await db.BulkRows.AsNoTracking().Where(r => r.BatchId == batch.Id).GroupBy(r => r.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return ToResponse(batch, counts, clock.GetUtcNow().UtcDateTime);
    }

    /// A dry run awaiting confirmation has only its valid (pending) and invalid rows, which the batch already counts.
    public static bool NeedsRowCounts(BulkBatch batch) => batch.State != BulkBatchState.Validated;

    private static readonly Dictionary<BulkRowState, int> NoCounts = [];

    public static BulkBatchResponse ToResponse(BulkBatch b, IReadOnlyDictionary<BulkRowState, int> counts, DateTime now)
    {
        int Count(BulkRowState s) => counts.TryGetValue(s, out var n) ? n : 0;
        var done = Count(BulkRowState.Issued);
        var failed = Count(BulkRowState.Failed);
        var pending = counts.Count == 0 ? b.Valid : Count(BulkRowState.Pending);
        var elapsed = b.StartedAt is { } started ? ((b.FinishedAt ?? now) - started).TotalSeconds : 0;
        var rate = elapsed > 0 ? Math.Round((done + failed) / elapsed, 1) : 0;
        double? eta = b.State is BulkBatchState.Queued or BulkBatchState.Running && rate > 0 ? Math.Round(pending / rate, 1) : null;
        return new BulkBatchResponse(b.Id, b.Kind, b.State, b.FileName, b.Total, b.Valid, b.Invalid, done, failed, pending,
            Count(BulkRowState.Cancelled), rate, eta, b.CreatedAt, b.ConfirmedAt, b.StartedAt, b.FinishedAt, b.CancelRequestedAt, b.RollbackReason);
    }
}
