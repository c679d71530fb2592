using System.Data.Common;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Infrastructure;

public static class DatabaseSetup
{
    /// Reads the provider and connection string, and turns configuration mistakes into start-up errors.
    public static DatabaseSettings AddDatabase(this WebApplicationBuilder builder)
    {
        DatabaseSettings settings;
        try
        {
            settings = DatabaseSettings.FromConfiguration(builder.Configuration);
        }
        catch (DatabaseConfigurationException e)
        {
            throw new StartupException(e.Message);
        }

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteDirectory(settings.ConnectionString, builder.Environment.ContentRootPath);
        }

        builder.Services.AddBadgeForgeData(settings);
        builder.Services.AddSingleton<DatabaseInitializer>();
        builder.Services.AddHostedService<DatabaseStartupService>();
        return settings;
    }

    /// Migrates and prepares secrets once per process, whoever asks first: Program (to report failures in one line)
    /// or the hosted service (which is all that runs under WebApplicationFactory).
    public sealed class DatabaseInitializer(IServiceProvider services)
    {
        private readonly Lazy<Task> _run = new(() => MigrateAsync(services, CancellationToken.None));

        public Task EnsureInitializedAsync() => _run.Value;
    }

    /// <summary>
    /// Migrates the database and prepares the service secrets. Unreachable databases become a
    /// <see cref="StartupException"/> naming the host, so the operator sees one line, not a stack trace.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        try
        {
            // Open the raw connection first: a failure here is the operator's to fix, and EF would log it with a
            // stack trace before we could say so in one line.
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await connection.CloseAsync();
            await db.Database.MigrateAsync(ct);
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                // Write-ahead logging lets readers and one writer work at once; the default rollback journal makes
                // concurrent requests fail with "database is locked". The setting is stored in the database file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new StartupException(
                $"Cannot open the {settings.Provider} database ({Describe(settings)}): {FirstLine(e)} Check ConnectionStrings__BadgeForge and that the server is running.", e);
        }
        DataProtectionSetup.EnsureKeyRingReadable(scope.ServiceProvider);
        await scope.ServiceProvider.GetRequiredService<AccessTokenKeys>().InitializeAsync(db, ct);
        await scope.ServiceProvider.GetRequiredService<ModelRegistry>().InitializeAsync(db, ct);
    }

    private static string Describe(DatabaseSettings settings)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = settings.ConnectionString };
            // Only where, never who or with what password: this line ends up in logs.
            string[] keys = ["Host", "Server", "Port", "Database", "Data Source"];
            return string.Join(", ", keys.Where(builder.ContainsKey).Select(k => $"{k}={builder[k]}"));
        }
        catch (ArgumentException)
        {
            return "connection string could not be parsed";
        }
    }

    private static string FirstLine(Exception e)
    {
        var innermost = e.GetBaseException();
        var message = innermost.Message.Split('\n', 2)[0].Trim();
        return message.EndsWith('.') ? message : message + ".";
    }

    private static void EnsureSqliteDirectory(string connectionString, string contentRoot)
    {
        var dataSource = new DbConnectionStringBuilder { ConnectionString = connectionString }.TryGetValue("Data Source", out var ds)
            ? ds?.ToString()
            : null;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// Runs before Kestrel accepts requests (hosted services start before the server in the generic host).
    private sealed class DatabaseStartupService(DatabaseInitializer initializer) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => initializer.EnsureInitializedAsync();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
