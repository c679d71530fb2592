using System.Data.Common;
using System.Diagnostics;
using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Issuers;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace BadgeForge.Api.Features.BulkIssuance;

/// The Hangfire job: a batch id and a cancellation token in, exceptions out (so Hangfire retries).
public sealed class BulkIssuanceJob(BulkIssuanceProcessor processor)
{
    public Task RunAsync(Guid batchId, CancellationToken ct) => processor.RunAsync(batchId, ct);
}

/// <summary>
/// Issues a confirmed batch chunk by chunk. Each chunk is claimed, signed in parallel across cores, and written in
/// one transaction with its rows' outcomes, so a crash loses at most the chunk in flight, and that chunk was never
/// committed. On PostgreSQL the chunk's rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so several jobs (in one
/// instance or several) share a batch without waiting for each other; on either database the unique
/// <see cref="Award.BulkRowId"/> makes a second issue of a row fail instead of duplicating it. Re-running is safe:
/// only pending rows are read.
/// </summary>
public sealed class BulkIssuanceProcessor(
    BadgeForgeDbContext db, AwardIssuer issuer, IssuerKeyStore keys, DatabaseSettings database, IOptions<BulkIssuanceOptions> options,
    TimeProvider clock, ILogger<BulkIssuanceProcessor> logger)
{
    public async Task RunAsync(Guid batchId, CancellationToken ct)
    {
        var batch = await db.BulkBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null || batch.State is not (BulkBatchState.Queued or BulkBatchState.Running))
        {
            return;
        }
        var organisation = IssuingOrganisation.Of(await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == batch.OrganisationId, ct));
        var key = await keys.GetActiveAsync(organisation.Id);
        var issuedBy = batch.ConfirmedByAccountId ?? batch.CreatedByAccountId;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.BulkBatches.Where(b => b.Id == batchId && b.State == BulkBatchState.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.State, BulkBatchState.Running)
            .SetProperty(b => b.StartedAt, now), ct);

        // Each claim starts after the last line this job claimed (lines count from 1), so it does not walk past the
        // rows already issued. Rows it skipped there were locked by another job; should that job fail, they are
        // pending again, so before giving up the job looks once more from the first line.
        var after = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            // Cancellation is checked between chunks: the chunk in flight completes.
            if (await db.BulkBatches.Where(b => b.Id == batchId).Select(b => b.CancelRequestedAt).SingleAsync(ct) is not null)
            {
                await CancelRemainingAsync(batchId, ct);
                return;
            }
            var (processed, lastLine) = await ProcessChunkAsync(batchId, after, organisation, key, issuedBy, ct);
            if (processed > 0)
            {
                after = lastLine;
                continue;
            }
            if (processed < 0 || after > 0)
            {
                // Another job issued some of the claimed rows first, or nothing is left after the cursor: look again
                // from the first line.
                after = 0;
                continue;
            }
            if (!await db.BulkRows.AnyAsync(r => r.BatchId == batchId && r.State == BulkRowState.Pending, ct))
            {
                var finished = clock.GetUtcNow().UtcDateTime;
                await db.BulkBatches.Where(b => b.Id == batchId && (b.State == BulkBatchState.Queued || b.State == BulkBatchState.Running))
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, BulkBatchState.Completed).SetProperty(b => b.FinishedAt, finished), ct);
                return;
            }
            // The remaining rows are locked by other jobs: they finish the batch.
            return;
        }
    }

    /// Rows processed (with the last line claimed), 0 when none after line <paramref name="after"/> could be claimed,
    /// or -1 when another job issued the same rows first (retry).
    private async Task<(int Processed, int LastLine)> ProcessChunkAsync(
        Guid batchId, int after, IssuingOrganisation organisation, ActiveIssuerKey key, Guid issuedBy, CancellationToken ct)
    {
        var size = options.Value.ChunkSize;
        var postgres = database.Provider == DatabaseProvider.Postgres;
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Read without tracking: outcomes are written set-based below, not by change tracking.
        var rows = postgres
            ? await db.BulkRows.FromSqlInterpolated($"""
                SELECT * FROM "BulkRows" WHERE "BatchId" = {batchId} AND "Line" > {after} AND "State" = 'Pending'
                ORDER BY "Line" LIMIT {size} FOR UPDATE SKIP LOCKED
                """).AsNoTracking().ToListAsync(ct)
            : await db.BulkRows.AsNoTracking().Where(r => r.BatchId == batchId && r.Line > after && r.State == BulkRowState.Pending)
                .OrderBy(r => r.Line).Take(size).ToListAsync(ct);
        if (rows.Count == 0)
        {
            await tx.CommitAsync(ct);
            return (0, after);
        }

        var claimed = Stopwatch.GetTimestamp();
        // Signing is the cost: spread it over the cores. Build touches no DbContext.
        var outcomes = new IssueOutcome[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            i => outcomes[i] = issuer.Build(organisation, key, issuedBy, ToRequest(rows[i])));

        var signed = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow().UtcDateTime;
        var awards = new List<Award>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            row.ProcessedAt = now;
            switch (outcomes[i])
            {
                case IssueOutcome.Issued issued:
                    issued.Award.BulkRowId = row.Id;
                    awards.Add(issued.Award);
                    row.State = BulkRowState.Issued;
                    row.AssertionId = issued.Award.Id;
                    break;
                case IssueOutcome.Invalid invalid:
                    BulkRowProblems.Fail(row, invalid.Field, BulkRowProblems.Of(invalid));
                    break;
                default:
                    // Build finds no organisation: it is given one.
                    throw new UnreachableException($"AwardIssuer.Build returned {outcomes[i].GetType().Name}.");
            }
        }
        try
        {
            if (postgres)
            {
                // The rows are locked by this transaction, so no other job can issue them: COPY the awards and set
                // the outcomes with one statement.
                await PostgresBulkCopy.InsertAsync(db, awards, ct);
                await SetOutcomesAsync(rows, now, ct);
            }
            else
            {
                // SQLite: the same set-based writes, as one reused INSERT and one reused UPDATE per row (SQLite has
                // neither COPY nor arrays; each statement is compiled once and costs microseconds in-process).
                await SqliteBulkWrite.InsertAsync(db, awards, ct);
                await SqliteBulkWrite.UpdateAsync(db, rows, OutcomeProperties, ct);
            }
            await tx.CommitAsync(ct);
            logger.LogDebug("Bulk batch {BatchId}: {Rows} rows, built and signed in {SignMs:F0} ms, stored in {StoreMs:F0} ms",
                batchId, rows.Count, Stopwatch.GetElapsedTime(claimed, signed).TotalMilliseconds, Stopwatch.GetElapsedTime(signed).TotalMilliseconds);
        }
        catch (DbException e) when (!postgres && UniqueViolations.Is(e))
        {
            // Only without row locks (SQLite): another job issued some of these rows first (the unique
            // Awards.BulkRowId). Nothing of this chunk was committed; the next claim reads what is still pending.
            logger.LogInformation(e, "Bulk batch {BatchId}: a chunk overlapped another job's; claiming again", batchId);
            await tx.RollbackAsync(ct);
            return (-1, after);
        }
        return (rows.Count, rows[^1].Line);
    }

    /// PostgreSQL: every row's outcome (<see cref="OutcomeProperties"/>) in one UPDATE from parallel arrays.
    private async Task SetOutcomesAsync(List<BulkRow> rows, DateTime now, CancellationToken ct)
    {
        var ids = new Guid[rows.Count];
        var states = new string[rows.Count];
        var assertions = new string?[rows.Count];
        var columns = new string?[rows.Count];
        var problems = new string?[rows.Count];
        var codes = new string?[rows.Count];
        var problemsSl = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            ids[i] = rows[i].Id;
            states[i] = rows[i].State.ToString();
            assertions[i] = rows[i].AssertionId;
            columns[i] = rows[i].Column;
            problems[i] = rows[i].Problem;
            codes[i] = rows[i].ProblemCode;
            problemsSl[i] = rows[i].ProblemSl;
        }
        await db.Database.ExecuteSqlRawAsync("""
            UPDATE "BulkRows" AS r SET "State" = u.state, "AssertionId" = u.assertion, "Column" = u.col, "Problem" = u.problem, "ProblemCode" = u.code, "ProblemSl" = u.problem_sl,
                "ProcessedAt" = @now
            FROM unnest(@ids, @states, @assertions, @columns, @problems, @codes, @problemsSl)
                AS u(id, state, assertion, col, problem, code, problem_sl)
            WHERE r."Id" = u.id
            """,
            [
                new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now },
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids },
                new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = states },
                new NpgsqlParameter("assertions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = assertions },
                new NpgsqlParameter("columns", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = columns },
                new NpgsqlParameter("problems", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = problems },
                new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = codes },
                new NpgsqlParameter("problemsSl", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = problemsSl },
            ], ct);
    }

    /// What the job writes to a row: its outcome.
    private static readonly string[] OutcomeProperties =
    [
        nameof(BulkRow.State), nameof(BulkRow.ProcessedAt), nameof(BulkRow.AssertionId), nameof(BulkRow.Column),
        nameof(BulkRow.Problem), nameof(BulkRow.ProblemCode), nameof(BulkRow.ProblemSl),
    ];

    private async Task CancelRemainingAsync(Guid batchId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // A cancelled row issued nothing: it holds its idempotency key no more.
        await db.BulkRows.Where(r => r.BatchId == batchId && r.State == BulkRowState.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, BulkRowState.Cancelled)
            .SetProperty(r => r.ProcessedAt, now), ct);
        await db.BulkBatches.Where(b => b.Id == batchId && (b.State == BulkBatchState.Queued || b.State == BulkBatchState.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, BulkBatchState.Cancelled).SetProperty(b => b.FinishedAt, now), ct);
    }

    private static IssueAwardRequest ToRequest(BulkRow row) => new(
        row.Badge, row.RecipientEmail, row.RecipientName, ShowRecipientName: false,
        IssuedOn: row.IssuedOn is { } issued ? new DateTimeOffset(issued, TimeSpan.Zero) : null, Expires: null,
        Evidence: row.EvidenceUrl is null ? null : [new EvidenceRequest(row.EvidenceUrl, null)], Narrative: row.Narrative);
}
