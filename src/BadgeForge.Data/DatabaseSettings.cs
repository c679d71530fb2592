using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database BadgeForge runs on, read from configuration and checked before anything starts.</summary>
public sealed partial record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqliteConnectionString = "Data Source=data/badgeforge.db";
    public const string SqliteMigrationsAssembly = "BadgeForge.Data.Sqlite";
    public const string PostgresMigrationsAssembly = "BadgeForge.Data.Postgres";

    /// <summary>
    /// Reads <c>Database:Provider</c> (Sqlite by default, or Postgres) and <c>ConnectionStrings:BadgeForge</c>.
    /// Throws <see cref="DatabaseConfigurationException"/> with a one-line, actionable message.
    /// </summary>
    public static DatabaseSettings FromConfiguration(IConfiguration configuration)
    {
        var providerName = configuration["Database:Provider"];
        var connectionString = configuration.GetConnectionString("BadgeForge");
        DatabaseProvider provider = providerName?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new DatabaseConfigurationException(
                $"Unknown database provider '{providerName}' in Database__Provider: use 'Sqlite' (default) or 'Postgres'."),
        };

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new DatabaseConfigurationException(
                    "Database__Provider is Postgres but no connection string is set: set ConnectionStrings__BadgeForge, " +
                    "for example 'Host=localhost;Database=badgeforge;Username=badgeforge;Password=...'.");
            }
            connectionString = DefaultSqliteConnectionString;
        }

        return new DatabaseSettings(provider, connectionString);
    }

    /// <summary>Configures a DbContext for this provider with its own migrations assembly.</summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(ConnectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(WithPostgresDefaults(ConnectionString), npgsql => npgsql.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new DatabaseConfigurationException($"Unsupported database provider {Provider}.");
        }
    }
}

public sealed partial record DatabaseSettings
{
    /// <summary>
    /// Prepared statements and no session reset on every pooled connection reuse: the same few queries run all the
    /// time, and BadgeForge keeps no session state. An operator's explicit setting wins.
    /// </summary>
    private static string WithPostgresDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
        }
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }
}

/// <summary>A configuration mistake that must stop start-up with its message alone.</summary>
public sealed class DatabaseConfigurationException(string message) : Exception(message);

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers <see cref="BadgeForgeDbContext"/> for the configured provider.</summary>
    public static IServiceCollection AddBadgeForgeData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        // Pooled: a request reuses a reset context instead of building one (the hot paths make several per second).
        services.AddDbContextPool<BadgeForgeDbContext>(settings.Configure);
        return services;
    }
}
