using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Roll back: revokes every award of a finished (completed or cancelled) batch with one reason, as a revocation of
/// each would. For organisation admins: it undoes the work of everyone who issued in the batch.
/// </summary>
internal static class RollBackBulkBatch
{
    public static async Task<Results<Ok<BulkRollbackResponse>, ProblemHttpResult>> RollBackAsync(
        Guid orgId, Guid batchId, RollBackBulkBatchRequest request, HttpContext http, BadgeForgeDbContext db, IMemoryCache cache,
        TimeProvider clock, CancellationToken ct)
    {
        var batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
        if (batch is null)
        {
            return BulkProgress.NotFound(orgId, batchId);
        }
        if (batch.State is not (BulkBatchState.Completed or BulkBatchState.Cancelled))
        {
            return Problems.Conflict(batch.State == BulkBatchState.RolledBack
                ? $"Batch {batchId} was already rolled back ({batch.RollbackReason})."
                : $"Batch {batchId} is {batch.State}: cancel it and wait until it stops, then roll it back.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var reason = request.Reason.Trim();
        var account = http.User.RequiredAccountId();
        var rowIds = db.BulkRows.Where(r => r.BatchId == batchId).Select(r => (Guid?)r.Id);
        var assertionIds = await db.Awards.Where(a => rowIds.Contains(a.BulkRowId) && a.RevokedAt == null).Select(a => a.Id).ToListAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var claimed = await db.BulkBatches.Where(b => b.Id == batchId && (b.State == BulkBatchState.Completed || b.State == BulkBatchState.Cancelled))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.State, BulkBatchState.RolledBack)
                    .SetProperty(b => b.RolledBackAt, now)
                    .SetProperty(b => b.RolledBackByAccountId, account)
                    .SetProperty(b => b.RollbackReason, reason), ct);
            if (claimed == 0)
            {
                return Problems.Conflict($"Batch {batchId} was rolled back meanwhile.");
            }
            var revoked = await db.Awards.Where(a => rowIds.Contains(a.BulkRowId) && a.RevokedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.RevokedAt, now)
                .SetProperty(a => a.RevocationReason, reason)
                .SetProperty(a => a.RevokedByAccountId, account), ct);
            await tx.CommitAsync(ct);
            foreach (var id in assertionIds)
            {
                // The hosted document, the verification page and the verify API's copies: revoked shows at once here.
                HostedAssertionEndpoints.Forget(cache, id);
            }
            batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
            return TypedResults.Ok(new BulkRollbackResponse(await BulkProgress.ResponseAsync(db, batch!, clock, ct), revoked));
        }
    }
}
