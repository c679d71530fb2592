using System.Globalization;
using BadgeForge.Benchmarks;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// Any BenchmarkDotNet arguments pass through (--filter, --job short, --list flat, ...).
var summaries = BenchmarkSwitcher.FromAssembly(typeof(AssertionSigningBenchmarks).Assembly).Run(args).ToList();
return RequirementReport.Print(summaries);

/// <summary>Prints ops/s of the ceiling and the end-to-end path and checks the 90 % requirement.</summary>
internal static class RequirementReport
{
    public const double RequiredRatio = 0.90;

    public static int Print(IReadOnlyList<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null).ToList();
        var ceiling = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(AssertionSigningBenchmarks.RawRsaSign));
        var endToEnd = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(AssertionSigningBenchmarks.BuildAndSign));
        if (ceiling is null || endToEnd is null)
        {
            Console.WriteLine("Requirement check skipped: both AssertionSigningBenchmarks methods must run (use --filter '*').");
            return 0;
        }

        var ceilingOps = OpsPerSecond(ceiling);
        var endToEndOps = OpsPerSecond(endToEnd);
        var ratio = endToEndOps / ceilingOps;
        var pass = ratio >= RequiredRatio;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("| benchmark                          |      ops/s | ratio to (a) |");
        Console.WriteLine("|------------------------------------|-----------:|-------------:|");
        Console.WriteLine(string.Format(c, "| a) raw RSA-2048 RS256 SignData     | {0,10:F1} | {1,12:F3} |", ceilingOps, 1.0));
        Console.WriteLine(string.Format(c, "| b) Assertion JSON + Jws.Sign       | {0,10:F1} | {1,12:F3} |", endToEndOps, ratio));
        Console.WriteLine();
        Console.WriteLine(string.Format(c, "REQUIREMENT {0}: build+sign runs at {1:P1} of the raw RSA-2048 signing rate (required >= {2:P0}); {3:F1} vs {4:F1} ops/s on one thread.",
            pass ? "PASS" : "FAIL", ratio, RequiredRatio, endToEndOps, ceilingOps));
        return pass ? 0 : 1;
    }

    private static double OpsPerSecond(BenchmarkReport report) => 1e9 / report.ResultStatistics!.Mean;
}
