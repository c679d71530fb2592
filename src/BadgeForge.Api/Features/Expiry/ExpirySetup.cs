using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Infrastructure;
using Hangfire;
using Microsoft.Extensions.Options;

namespace BadgeForge.Api.Features.Expiry;

/// The "Expiry" section: when the daily job runs and how many days before expiry reminders go out.
public sealed class ExpiryOptions
{
    public const string Section = "Expiry";
    public static readonly IReadOnlyList<int> DefaultReminderDays = [60, 14];

    /// Hour of the day (in Jobs:TimeZone) at which the daily expiry job runs.
    [Range(0, 23)]
    public int DailyHour { get; set; } = 3;

    /// Days before expiry at which reminders are sent (default 60 and 14). Null or empty means the default; a
    /// configured list replaces it (the binder would otherwise append to a default array).
    public int[]? ReminderDays { get; set; }

    /// The offsets in effect, largest first, without duplicates.
    public IReadOnlyList<int> Offsets =>
        [.. (ReminderDays is { Length: > 0 } days ? days : DefaultReminderDays).Distinct().OrderDescending()];
}

public static class ExpirySetup
{
    public static void AddExpiry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExpiryOptions>().BindConfiguration(ExpiryOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Offsets.All(d => d is >= 1 and <= 366), "Expiry:ReminderDays must be whole days between 1 and 366.")
            .ValidateOnStart();
        builder.Services.AddScoped<ExpiryProcessor>();
        builder.Services.AddScoped<ExpiryJob>();
        builder.Services.AddScoped<AwardRenewal>();
        builder.Services.AddHostedService<ExpiryJobRegistration>();
    }

    /// <summary>
    /// Registers (or updates) the daily recurring job at start-up through this app's <see cref="IRecurringJobManager"/>,
    /// in the configured time zone, so a changed hour or zone takes effect at the next start. Every instance does it;
    /// Hangfire keeps one recurring job per id, so several instances still run it once a day.
    /// </summary>
    private sealed class ExpiryJobRegistration(IRecurringJobManager recurring, IOptions<ExpiryOptions> expiry, IOptions<JobsOptions> jobs)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            recurring.AddOrUpdate<ExpiryJob>(ExpiryJob.RecurringJobId, j => j.RunAsync(CancellationToken.None),
                Cron.Daily(expiry.Value.DailyHour),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(jobs.Value.TimeZone) });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
