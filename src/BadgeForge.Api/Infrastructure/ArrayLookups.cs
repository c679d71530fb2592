using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Lookups that pass a whole list (up to 10,000 addresses or keys) as one array parameter (<c>EF.Parameter(list)</c>).
/// </summary>
internal static class ArrayLookups
{
    /// <summary>
    /// PostgreSQL: plans this transaction's statements for their actual arrays. A prepared statement run five times
    /// may get a generic plan, which cannot hash the array: the bulk dry run's already-held lookup then compared every
    /// award of the organisation with every address, nine seconds instead of a few milliseconds. The rest of the app
    /// keeps the cheaper cached plans. Needs a transaction (<c>SET LOCAL</c>); nothing to do on SQLite.
    /// </summary>
    public static async Task PlanForActualArraysAsync(BadgeForgeDbContext db, DatabaseSettings database, CancellationToken ct)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", ct);
        }
    }
}
