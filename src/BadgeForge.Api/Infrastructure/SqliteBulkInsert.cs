using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Inserts many entities on SQLite with one reused INSERT command, on the context's connection and inside its current
/// transaction: SQLite's counterpart of <see cref="PostgresBulkCopy"/>. Each value goes through the EF type mapping of
/// its property (converters included), so the rows written are the ones <c>SaveChanges</c> would write, without
/// change tracking, which cost about 0.2 ms of CPU per row for 10,000 uploaded rows.
/// </summary>
public static class SqliteBulkInsert
{
    public static async Task InsertAsync<T>(BadgeForgeDbContext db, IReadOnlyList<T> entities, CancellationToken ct) where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }
        var table = MappedTable.Of<T>(db);
        var columns = table.Properties
            .Select(p => (Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Getter: p.GetGetter(), p.IsNullable)).ToList();

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"INSERT INTO {table.QuotedName} ({table.QuotedColumns}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
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
