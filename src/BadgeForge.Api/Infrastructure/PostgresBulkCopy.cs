using System.Collections.Concurrent;
using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Inserts many entities on PostgreSQL with binary COPY, on the context's connection and so inside its current
/// transaction. The columns and values come from the EF model (every mapped property, value converters applied), so
/// the rows written are the ones <c>SaveChanges</c> would write, without change tracking or per-row statements.
/// </summary>
internal static class PostgresBulkCopy
{
    // The statement and column readers of each entity type, worked out from the model once: the award endpoint's group
    // commit copies a handful of awards at a time, and reading the model for every COPY cost about 1 % of its CPU.
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), Plan> Plans = new();

    public static async Task InsertAsync<T>(BadgeForgeDbContext db, IReadOnlyList<T> entities, CancellationToken ct) where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }
        var (sql, columns) = Plans.GetOrAdd((db.Model, typeof(T)), static (_, db) => Plan.For<T>(db), db);

        // Opened here when the caller has no transaction (a COPY on its own is atomic); counted, so a caller's open
        // connection stays open.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var writer = await connection.BeginBinaryImportAsync(sql, ct);
            foreach (var entity in entities)
            {
                await writer.StartRowAsync(ct);
                foreach (var column in columns)
                {
                    var value = column.Value(entity);
                    if (value is null)
                    {
                        await writer.WriteNullAsync(ct);
                    }
                    else
                    {
                        await writer.WriteAsync(value, column.Type, ct);
                    }
                }
            }
            await writer.CompleteAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Plan(string Sql, IReadOnlyList<Column> Columns)
    {
        public static Plan For<T>(BadgeForgeDbContext db) where T : class
        {
            var table = MappedTable.Of<T>(db);
            return new Plan($"COPY {table.QuotedName} ({table.QuotedColumns}) FROM STDIN (FORMAT BINARY)",
                [.. table.Properties.Select(p => Column.For(p, table.Table))]);
        }
    }

    private sealed record Column(NpgsqlDbType Type, Func<object, object?> Value)
    {
        public static Column For(IProperty property, StoreObjectIdentifier table)
        {
            var getter = property.GetGetter();
            var converter = property.GetTypeMapping().Converter;
            var providerType = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? property.ClrType) ?? converter?.ProviderClrType ?? property.ClrType;
            var columnType = property.GetColumnType(table) ?? "";
            var type = columnType.StartsWith("jsonb", StringComparison.OrdinalIgnoreCase) ? NpgsqlDbType.Jsonb
                : columnType.StartsWith("json", StringComparison.OrdinalIgnoreCase) ? NpgsqlDbType.Json
                : System.Type.GetTypeCode(providerType) switch
                {
                    TypeCode.String => NpgsqlDbType.Text,
                    TypeCode.Boolean => NpgsqlDbType.Boolean,
                    TypeCode.Int16 => NpgsqlDbType.Smallint,
                    TypeCode.Int32 => NpgsqlDbType.Integer,
                    TypeCode.Int64 => NpgsqlDbType.Bigint,
                    TypeCode.Double => NpgsqlDbType.Double,
                    TypeCode.Decimal => NpgsqlDbType.Numeric,
                    TypeCode.DateTime => columnType.StartsWith("timestamp without", StringComparison.OrdinalIgnoreCase)
                        ? NpgsqlDbType.Timestamp : NpgsqlDbType.TimestampTz,
                    _ when providerType == typeof(Guid) => NpgsqlDbType.Uuid,
                    _ when providerType == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
                    _ when providerType == typeof(byte[]) => NpgsqlDbType.Bytea,
                    _ => throw new NotSupportedException($"COPY of {property.DeclaringType.Name}.{property.Name} ({providerType.Name}) is not supported."),
                };
            return new Column(type, entity =>
            {
                var value = getter.GetClrValue(entity);
                return value is null || converter is null ? value : converter.ConvertToProvider(value);
            });
        }
    }
}
