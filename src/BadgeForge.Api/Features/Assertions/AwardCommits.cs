using System.Threading.Channels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Assertions;

/// <summary>
/// Group commit of single awards (POST .../assertions). Concurrent requests hand their signed award to one writer,
/// which stores whatever has queued up meanwhile in one statement and one commit (binary COPY on PostgreSQL), and only
/// then answers each request. Under load that turns eight inserts, eight round trips and eight commits into one; with
/// a single request it costs one hand-over. A request is answered only after its own award is committed, exactly as
/// with its own <c>SaveChanges</c>.
/// </summary>
/// <remarks>
/// If a group fails, its awards are written again one by one, so one faulty award fails only its own request.
/// Callers that must insert inside their own transaction (schools, trainings, supersession) do not come here.
/// </remarks>
public sealed class AwardCommits(IServiceScopeFactory scopes, DatabaseSettings database, ILogger<AwardCommits> logger) : BackgroundService
{
    /// Most awards stored by one statement: a few hundred kilobytes.
    private const int MaxGroup = 64;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(Award Award)
    {
        // Continuations run on the thread pool, not on the writer's loop.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// Stores the award; completes when it is committed, throws what storing it threw.
    public Task StoreAsync(Award award)
    {
        var pending = new Pending(award);
        if (!queue.Writer.TryWrite(pending))
        {
            // Only after the host began stopping: nothing is written any more.
            pending.Done.SetException(new OperationCanceledException("The service is stopping; the award was not stored."));
        }
        return pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>(MaxGroup);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteQueuedAsync(group);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Stopping: the web server has drained its requests by now, but whatever is still queued is stored, not dropped.
        queue.Writer.TryComplete();
        await WriteQueuedAsync(group);
    }

    private async Task WriteQueuedAsync(List<Pending> group)
    {
        while (true)
        {
            group.Clear();
            while (group.Count < MaxGroup && queue.Reader.TryRead(out var next))
            {
                group.Add(next);
            }
            if (group.Count == 0)
            {
                return;
            }
            try
            {
                await WriteAsync(group);
                group.ForEach(p => p.Done.SetResult());
            }
            catch (Exception) when (group.Count > 1)
            {
                // Which award failed is not known: each is tried on its own, so only the faulty one fails.
                foreach (var pending in group)
                {
                    try
                    {
                        await WriteAsync([pending]);
                        pending.Done.SetResult();
                    }
                    catch (Exception e)
                    {
                        logger.LogError(e, "Storing award {AwardId} failed", pending.Award.Id);
                        pending.Done.SetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "Storing award {AwardId} failed", group[0].Award.Id);
                group[0].Done.SetException(e);
            }
        }
    }

    private async Task WriteAsync(List<Pending> group)
    {
        // Not the caller's token: once queued, an award is stored even if its client has gone (as SaveChanges would
        // have done a moment later), and the group is shared with other requests.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var awards = group.ConvertAll(p => p.Award);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // One COPY is one statement: all of the group or none of it.
            await PostgresBulkCopy.InsertAsync(db, awards, CancellationToken.None);
        }
        else
        {
            db.Awards.AddRange(awards);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}
