using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Inserts or updates many entities on SQLite with one reused command, on the context's connection and inside its
/// current transaction: SQLite's counterpart of <see cref="PostgresBulkCopy"/>. Each value goes through the EF type
/// mapping of its property (converters included), so the rows written are the ones <c>SaveChanges</c> would write,
/// without change tracking, which cost about 0.2 ms of CPU per row for 10,000 uploaded rows.
/// </summary>
public static class SqliteBulkWrite
{
    /// Inserts every mapped property of each entity.
    public static Task InsertAsync<T>(BadgeForgeDbContext db, IReadOnlyList<T> entities, CancellationToken ct) where T : class
    {
        var table = MappedTable.Of<T>(db);
        var sql = $"INSERT INTO {table.QuotedName} ({table.QuotedColumns}) VALUES ({string.Join(", ", table.Properties.Select((_, i) => $"@p{i}"))})";
        return WriteAsync(db, sql, table.Properties, entities, ct);
    }

    /// Sets the named properties of each entity, found by its primary key.
    public static Task UpdateAsync<T>(BadgeForgeDbContext db, IReadOnlyList<T> entities, IReadOnlyList<string> properties, CancellationToken ct)
        where T : class
    {
        var table = MappedTable.Of<T>(db);
        var set = properties.Select(name => table.Properties.Single(p => p.Name == name)).ToList();
        List<IProperty> parameters = [.. set, .. table.Key];
        var sql = $"UPDATE {table.QuotedName} SET {string.Join(", ", set.Select((p, i) => $"{MappedTable.Quote(table.ColumnName(p))} = @p{i}"))}"
            + $" WHERE {string.Join(" AND ", table.Key.Select((p, i) => $"{MappedTable.Quote(table.ColumnName(p))} = @p{set.Count + i}"))}";
        return WriteAsync(db, sql, parameters, entities, ct);
    }

    /// Runs <paramref name="sql"/> once per entity, with parameter @p<i>i</i> set from <paramref name="parameters"/>[i].
    private static async Task WriteAsync<T>(
        BadgeForgeDbContext db, string sql, IReadOnlyList<IProperty> parameters, IReadOnlyList<T> entities, CancellationToken ct) where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }
        var columns = parameters
            .Select(p => (Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Getter: p.GetGetter(), p.IsNullable)).ToList();

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            foreach (var entity in entities)
            {
                // New parameters per row: the mapping's CreateParameter applies converters and the provider's storage
                // form (GUIDs and dates as SQLite text, as EF stores them). The statement itself is compiled once.
                command.Parameters.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    var c = columns[i];
                    command.Parameters.Add(c.Mapping.CreateParameter(command, $"@p{i}", c.Getter.GetClrValue(entity), c.IsNullable));
                }
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
