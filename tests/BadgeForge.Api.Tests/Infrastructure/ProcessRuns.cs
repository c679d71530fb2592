using System.Diagnostics;

namespace BadgeForge.Api.Tests.Infrastructure;

/// Runs a process that is expected to exit on its own (a refused start, a command) and collects what it printed.
public static class ProcessRuns
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunUntilExitAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"The process did not exit within {timeout.TotalSeconds:F0} s. Output: " + await stdout + await stderr);
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
