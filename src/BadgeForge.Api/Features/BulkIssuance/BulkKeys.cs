using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Idempotency keys of bulk rows. A key is held by a row of a confirmed batch that is pending or issued: such a row
/// has issued, or is about to issue, under that key. Rows of dry runs hold nothing, and a row the job refused or a
/// cancellation stopped holds its key no more (it issued nothing), so the key can be used again.
/// </summary>
/// <remarks>
/// The dry run reports held keys line by line. Confirmation checks them again under <see cref="LockAsync"/>, so two
/// batches with a key in common cannot both be confirmed: the second finds the first's rows holding it.
/// </remarks>
internal static class BulkKeys
{
    public sealed record Holder(string Key, Guid BatchId, int Line);

    /// The organisation's rows outside batch <paramref name="exceptBatchId"/> that hold one of <paramref name="keys"/>,
    /// one per key.
    public static async Task<Dictionary<string, Holder>> HeldAsync(
        BadgeForgeDbContext db, Guid organisationId, List<string> keys, Guid exceptBatchId, CancellationToken ct)
    {
        // EF.Parameter: the list goes to the database as one parameter (an array on PostgreSQL, JSON on SQLite). By
        // default EF expands it into one parameter per value: 10,000 of them cost SQLite half a second to bind and plan.
        var holders = await (
                from r in db.BulkRows.AsNoTracking()
                where r.OrganisationId == organisationId && EF.Parameter(keys).Contains(r.IdempotencyKey!)
                    && (r.State == BulkRowState.Pending || r.State == BulkRowState.Issued) && r.BatchId != exceptBatchId
                join b in db.BulkBatches on r.BatchId equals b.Id
                where b.State != BulkBatchState.Validated
                select new Holder(r.IdempotencyKey!, r.BatchId, r.Line))
            .ToListAsync(ct);
        var byKey = new Dictionary<string, Holder>(StringComparer.Ordinal);
        foreach (var holder in holders)
        {
            byKey.TryAdd(holder.Key, holder);
        }
        return byKey;
    }

    /// <summary>
    /// Serialises confirmations within an organisation until the transaction ends, so that checking the keys and
    /// confirming are one step. PostgreSQL: a transaction-scoped advisory lock on the organisation. SQLite: its
    /// transactions already take the database's write lock when they begin (BEGIN IMMEDIATE), one at a time.
    /// </summary>
    public static async Task LockAsync(BadgeForgeDbContext db, DatabaseSettings database, Guid organisationId, CancellationToken ct)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // The two-number form keeps these locks apart from any single-number advisory lock: the first number
            // names the purpose ("BFK1"), the second the organisation (collisions only make two organisations wait).
            // A Guid's hash code comes from its bits alone, so every instance on the database locks the same number.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({0x4246_4B31}, {organisationId.GetHashCode()})", ct);
        }
    }
}
