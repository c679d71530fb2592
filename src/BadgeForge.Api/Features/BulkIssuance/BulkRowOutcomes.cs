using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Writes rows' outcomes (<see cref="Properties"/>) set-based, in the context's current transaction: the job's issued
/// and failed rows, and the dry run's rows refused by its database lookups after they were stored.
/// </summary>
internal static class BulkRowOutcomes
{
    /// What an outcome changes on a row.
    public static readonly string[] Properties =
    [
        nameof(BulkRow.State), nameof(BulkRow.ProcessedAt), nameof(BulkRow.AssertionId), nameof(BulkRow.Column),
        nameof(BulkRow.Problem), nameof(BulkRow.ProblemCode), nameof(BulkRow.ProblemSl),
    ];

    public static Task WriteAsync(BadgeForgeDbContext db, DatabaseProvider provider, IReadOnlyList<BulkRow> rows, CancellationToken ct) =>
        rows.Count == 0 ? Task.CompletedTask
        : provider == DatabaseProvider.Postgres ? WritePostgresAsync(db, rows, ct)
        // SQLite has no arrays: one reused UPDATE per row, compiled once, microseconds each in-process.
        : SqliteBulkWrite.UpdateAsync(db, rows, Properties, ct);

    /// PostgreSQL: one UPDATE from parallel arrays.
    private static async Task WritePostgresAsync(BadgeForgeDbContext db, IReadOnlyList<BulkRow> rows, CancellationToken ct)
    {
        var ids = new Guid[rows.Count];
        var states = new string[rows.Count];
        var processed = new DateTime?[rows.Count];
        var assertions = new string?[rows.Count];
        var columns = new string?[rows.Count];
        var problems = new string?[rows.Count];
        var codes = new string?[rows.Count];
        var problemsSl = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            ids[i] = rows[i].Id;
            states[i] = rows[i].State.ToString();
            processed[i] = rows[i].ProcessedAt;
            assertions[i] = rows[i].AssertionId;
            columns[i] = rows[i].Column;
            problems[i] = rows[i].Problem;
            codes[i] = rows[i].ProblemCode;
            problemsSl[i] = rows[i].ProblemSl;
        }
        await db.Database.ExecuteSqlRawAsync("""
            UPDATE "BulkRows" AS r SET "State" = u.state, "ProcessedAt" = u.processed, "AssertionId" = u.assertion, "Column" = u.col,
                "Problem" = u.problem, "ProblemCode" = u.code, "ProblemSl" = u.problem_sl
            FROM unnest(@ids, @states, @processed, @assertions, @columns, @problems, @codes, @problemsSl)
                AS u(id, state, processed, assertion, col, problem, code, problem_sl)
            WHERE r."Id" = u.id
            """,
            [
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids },
                new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = states },
                new NpgsqlParameter("processed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = processed },
                new NpgsqlParameter("assertions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = assertions },
                new NpgsqlParameter("columns", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = columns },
                new NpgsqlParameter("problems", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = problems },
                new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = codes },
                new NpgsqlParameter("problemsSl", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = problemsSl },
            ], ct);
    }
}
