using System.ComponentModel.DataAnnotations;
using BadgeForge.Data;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace BadgeForge.Api.Infrastructure;

/// Background job settings (section "Jobs").
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// Process jobs in this instance. Several instances on one PostgreSQL share the work; an instance that only
    /// serves requests can turn this off and still enqueue.
    public bool RunServer { get; set; } = true;

    /// Concurrent jobs in this instance. Issuance is CPU-bound (RSA signing), so more workers than cores only queue.
    [Range(1, 64)]
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// How often idle workers look for new jobs in PostgreSQL (the in-memory storage is signalled at once).
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// Time zone of recurring jobs (daily expiry and reminders), an IANA id.
    [Required]
    public string TimeZone { get; set; } = "Europe/Ljubljana";
}

/// <summary>
/// Hangfire with PostgreSQL storage when the database is PostgreSQL (so several instances share one queue), and
/// in-memory storage in the embedded SQLite mode. Either way, what must survive a restart (batches, rows, reminders
/// sent) lives in BadgeForge's own tables; Hangfire only carries ids.
/// </summary>
/// <remarks>
/// The storage and job activator are this application's own singletons, registered before <c>AddHangfire</c> so that
/// its <c>TryAdd</c> defaults (the process-wide <c>JobStorage.Current</c>) never apply: two applications in one
/// process (as in the tests) would otherwise share whichever storage was configured last.
/// </remarks>
public static class JobsSetup
{
    public const string DashboardPath = "/hangfire";
    private const string Schema = "hangfire";

    public static void AddJobs(this WebApplicationBuilder builder, DatabaseSettings database)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => TryFindTimeZone(o.TimeZone) is not null, "Jobs:TimeZone is not a known time zone id (e.g. Europe/Ljubljana).")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

        builder.Services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.Postgres
            ? CreatePostgreSqlStorage(database.ConnectionString, options)
            : new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }));
        builder.Services.AddSingleton<JobActivator>(s => new AspNetCoreJobActivator(s.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new DisposalTolerantLogProvider(services.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddSingleton<ITimeZoneResolver, IanaTimeZoneResolver>();

        if (options.RunServer)
        {
            builder.Services.AddHangfireServer((_, server) =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = options.PollInterval;
                // Hangfire appends the process id and a unique suffix, so instances on one host stay apart.
                server.ServerName = $"badgeforge-{Environment.MachineName}";
                // Jobs are idempotent and checkpoint in our tables, so a stop may abandon one mid-way: it is picked
                // up again (by this or another instance) and resumes where the tables say.
                server.ShutdownTimeout = TimeSpan.FromSeconds(5);
                server.StopTimeout = TimeSpan.FromSeconds(2);
            });
        }
    }

    /// The dashboard, for platform administrators only (sign in with a bearer token, as for the API).
    public static void MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            // The endpoint's policy decides; this filter is a second lock in case the policy is ever removed.
            Authorization = [new SignedInDashboardFilter()],
            // The dashboard accepts only bearer tokens (a header the browser never adds on its own), so a cross-site
            // form cannot act with an admin's credentials and Hangfire's antiforgery check would only block the admin.
            IgnoreAntiforgeryToken = true,
            DisplayStorageConnectionString = false,
            DashboardTitle = "BadgeForge jobs",
            AppPath = null,
        }).RequireAuthorization(Policies.PlatformAdmin);
    }

    private static PostgreSqlStorage CreatePostgreSqlStorage(string connectionString, JobsOptions jobs)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = jobs.PollInterval,
            // A queued job wakes a waiting worker at once (LISTEN/NOTIFY) instead of at its next poll: a confirmed bulk
            // batch starts within milliseconds, not up to PollInterval later. Polling stays as the fallback.
            EnableLongPolling = true,
            // Jobs run seconds, not hours; a crashed instance's job becomes visible to others after this.
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
            UseSlidingInvisibilityTimeout = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    internal static TimeZoneInfo? TryFindTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private sealed class SignedInDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }

    /// <summary>
    /// Hangfire's log provider is process-wide, and it asks for loggers whenever it builds a client or a server. With
    /// the stock provider, an application stopped in a process that runs others (the tests) leaves a disposed logger
    /// factory behind and every later enqueue throws. This one falls back to silence instead.
    /// </summary>
    private sealed class DisposalTolerantLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
    {
        private readonly AspNetCoreLogProvider _inner = new(factory);

        public Hangfire.Logging.ILog GetLogger(string name)
        {
            try
            {
                return _inner.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return Silent.Instance;
            }
        }

        private sealed class Silent : Hangfire.Logging.ILog
        {
            public static readonly Silent Instance = new();

            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
        }
    }

    private sealed class IanaTimeZoneResolver : ITimeZoneResolver
    {
        public TimeZoneInfo GetTimeZoneById(string timeZoneId) => TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
    }
}
