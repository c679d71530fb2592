using BadgeForge.Api.Features.Expiry;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests.Expiry;

/// A TimeProvider the test moves by hand: jobs see the future without anyone waiting for it.
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A fresh app whose mail goes to a real SMTP listener on 127.0.0.1 and whose clock the test moves. HTTP calls that
/// need tokens happen before the clock moves (JWT bearer validation keeps the system clock).
/// </summary>
public sealed class ExpiryApp : IAsyncDisposable
{
    private ExpiryApp(TestApp app, SmtpTestServer smtp, MovableClock clock)
    {
        App = app;
        Smtp = smtp;
        Clock = clock;
    }

    public TestApp App { get; }
    public SmtpTestServer Smtp { get; }
    public MovableClock Clock { get; }

    public static async Task<ExpiryApp> StartAsync(DatabaseProvider provider, Dictionary<string, string?>? settings = null, bool smtpReachable = true)
    {
        TestDatabases.SkipIfUnavailable(provider);
        var smtp = new SmtpTestServer();
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var all = smtp.Settings();
        if (!smtpReachable)
        {
            all["Email:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }
        var app = await TestApp.StartAsync(provider, all, s => s.AddSingleton<TimeProvider>(clock));
        return new ExpiryApp(app, smtp, clock);
    }

    /// Runs the daily job through Hangfire (trigger the recurring job, wait until it has succeeded once more).
    public async Task RunDailyJobAsync()
    {
        var monitoring = App.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var before = monitoring.SucceededListCount();
        App.Services.GetRequiredService<IRecurringJobManager>().Trigger(ExpiryJob.RecurringJobId);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (monitoring.SucceededListCount() <= before)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The expiry job did not succeed within a minute (failed jobs: {monitoring.FailedCount()}).");
            }
            await Task.Delay(50);
        }
    }

    /// Runs one pass of the job's handler directly, in its own scope (as a second instance would).
    public async Task<ExpiryRunResult> RunProcessorAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpiryProcessor>().RunAsync(CancellationToken.None);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
