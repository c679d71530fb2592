namespace BadgeForge.Api.Features.Expiry;

/// <summary>
/// The daily expiry job: a thin adapter over <see cref="ExpiryProcessor"/>. It takes nothing but the cancellation token
/// (Hangfire passes the server's shutdown token in place of the placeholder); the instant comes from TimeProvider.
/// Exceptions escape so that Hangfire retries; a retry repeats nothing, because every step is recorded in our tables.
/// </summary>
public sealed class ExpiryJob(ExpiryProcessor processor)
{
    public const string RecurringJobId = "expiry-daily";

    public async Task RunAsync(CancellationToken ct)
    {
        var result = await processor.RunAsync(ct);
        if (result.Failed > 0)
        {
            // Failed reminders stay recorded and are not sent again (at most once); failing the job makes them visible
            // in the dashboard.
            throw new InvalidOperationException(
                $"{result.Failed} expiry reminder(s) could not be sent; see the ExpiryReminders table and the log.");
        }
    }
}
