using BadgeForge.Data;
using Npgsql;

namespace BadgeForge.Api.Tests.Infrastructure;

/// <summary>
/// The databases tests run against: SQLite always; PostgreSQL whenever BADGEFORGE_TEST_POSTGRES holds an admin
/// connection string. Without it PostgreSQL cases are skipped, unless BADGEFORGE_REQUIRE_POSTGRES=1 (CI), where a
/// skip would hide untested code and so fails instead.
/// </summary>
public static class TestDatabases
{
    public static readonly string? PostgresAdminConnectionString =
        Environment.GetEnvironmentVariable("BADGEFORGE_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    public static bool PostgresRequired => Environment.GetEnvironmentVariable("BADGEFORGE_REQUIRE_POSTGRES") == "1";

    /// Theory data: every provider, so persistence-sensitive tests run once per database.
    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    /// Skips (or, when PostgreSQL is required, fails) a PostgreSQL case that has no server to run against.
    public static void SkipIfUnavailable(DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.Postgres || PostgresAdminConnectionString is not null)
        {
            return;
        }
        if (PostgresRequired)
        {
            throw new InvalidOperationException("BADGEFORGE_REQUIRE_POSTGRES=1 but BADGEFORGE_TEST_POSTGRES is not set.");
        }
        Skip.If(true, "PostgreSQL tests need BADGEFORGE_TEST_POSTGRES (an admin connection string).");
    }

    /// Creates an empty database and returns its connection string; the caller migrates it through the app.
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        SkipIfUnavailable(provider);
        var name = $"badgeforge_test_{Guid.NewGuid():N}";
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), name + ".db");
            return new TestDatabase(provider, $"Data Source={path};Pooling=False", () =>
            {
                foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                {
                    File.Delete(file);
                }
                return Task.CompletedTask;
            });
        }

        var admin = PostgresAdminConnectionString!;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, builder.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
}

public sealed class TestDatabase(DatabaseProvider provider, string connectionString, Func<Task> drop) : IAsyncDisposable
{
    public DatabaseProvider Provider { get; } = provider;
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync() => await drop();
}
