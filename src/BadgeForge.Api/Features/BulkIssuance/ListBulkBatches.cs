using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.BulkIssuance;

/// The organisation's batches, newest first, each with its state and row counts (as the progress endpoint counts them).
internal static class ListBulkBatches
{
    public const int MaxLimit = 500;

    public static async Task<Results<Ok<BulkBatchPage>, ValidationProblem>> ListAsync(
        Guid orgId, int? offset, int? limit, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (offset is < 0)
        {
            return Problems.Invalid("offset", "The offset must be 0 or more.");
        }
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Invalid("limit", $"The limit must be between 1 and {MaxLimit}.");
        }
        var query = db.BulkBatches.AsNoTracking().Where(b => b.OrganisationId == orgId);
        var total = await query.CountAsync(ct);
        var batches = await query.OrderByDescending(b => b.CreatedAt).ThenBy(b => b.Id)
            .Skip(offset ?? 0).Take(limit ?? 50).ToListAsync(ct);
        var ids = batches.Where(BulkProgress.NeedsRowCounts).Select(b => b.Id).ToList();
        // One grouped count for the whole page, not one per batch.
        var counts = (await db.BulkRows.AsNoTracking().Where(r => ids.Contains(r.BatchId)).GroupBy(r => new { r.BatchId, r.State })
                .Select(g => new { g.Key.BatchId, g.Key.State, Count = g.Count() }).ToListAsync(ct))
            .ToLookup(c => c.BatchId);
        var now = clock.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(new BulkBatchPage(
            [.. batches.Select(b => BulkProgress.ToResponse(b, counts[b.Id].ToDictionary(c => c.State, c => c.Count), now))], total));
    }
}
