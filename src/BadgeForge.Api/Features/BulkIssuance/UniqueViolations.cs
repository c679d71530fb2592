using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BadgeForge.Api.Features.BulkIssuance;

/// Recognises a unique-constraint violation on either provider; every other database error stays an error.
internal static class UniqueViolations
{
    // SQLite: SQLITE_CONSTRAINT (19) with SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    // PostgreSQL: SQLSTATE 23505 unique_violation.
    public static bool Is(DbException exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
