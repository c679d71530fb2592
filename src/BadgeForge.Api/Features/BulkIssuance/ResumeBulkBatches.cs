using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// At start-up, enqueues every confirmed batch that has not finished: the in-memory queue (SQLite) died with the
/// process, and a PostgreSQL job of a killed instance may wait out its invisibility timeout. A job that turns out
/// to be a duplicate finds no pending rows of its own and returns.
/// </summary>
internal sealed class ResumeBulkBatches(
    DatabaseSetup.DatabaseInitializer initializer, IServiceScopeFactory scopes, ILogger<ResumeBulkBatches> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureInitializedAsync();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var unfinished = await db.BulkBatches.AsNoTracking()
            .Where(b => b.State == BulkBatchState.Queued || b.State == BulkBatchState.Running).Select(b => b.Id).ToListAsync(cancellationToken);
        var scheduler = scope.ServiceProvider.GetRequiredService<BulkIssuanceScheduler>();
        foreach (var id in unfinished)
        {
            scheduler.Enqueue(id);
        }
        if (unfinished.Count > 0)
        {
            logger.LogInformation("Resumed {Count} unfinished bulk batch(es)", unfinished.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
