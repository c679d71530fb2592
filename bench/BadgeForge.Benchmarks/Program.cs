using System.Globalization;
using BadgeForge.Benchmarks;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// Any BenchmarkDotNet arguments pass through (--filter, --job short, --list flat, ...).
// --filter '*Signing*' selects only AssertionSigningBenchmarks, --filter '*Criteria*' only CriteriaEvaluationBenchmarks.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(AssertionSigningBenchmarks).Assembly).Run(args).ToList();
var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null).ToList();
var signing = RequirementReport.Print(reports);
var criteria = CriteriaRequirementReport.Print(reports);
return signing == 0 && criteria == 0 ? 0 : 1;

/// <summary>Prints ops/s of the ceiling and the end-to-end path and checks the 90 % requirement.</summary>
internal static class RequirementReport
{
    public const double RequiredRatio = 0.90;

    public static int Print(IReadOnlyList<BenchmarkReport> reports)
    {
        var ceiling = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(AssertionSigningBenchmarks.RawRsaSign));
        var endToEnd = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(AssertionSigningBenchmarks.BuildAndSign));
        if (ceiling is null && endToEnd is null)
        {
            return 0; // not selected
        }
        if (ceiling is null || endToEnd is null)
        {
            Console.WriteLine("Requirement check skipped: both AssertionSigningBenchmarks methods must run (use --filter '*Signing*').");
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

    /// <summary>Operations per second from BenchmarkDotNet's mean per operation (already divided by OperationsPerInvoke).</summary>
    public static double OpsPerSecond(BenchmarkReport report) => 1e9 / report.ResultStatistics!.Mean;
}

/// <summary>Prints learner-badge evaluations per second per model and checks the 100,000/s requirement for each.</summary>
internal static class CriteriaRequirementReport
{
    public const double RequiredPerSecond = 100_000;

    private static readonly (string Method, string Model, int Badges)[] Cases =
    [
        (nameof(CriteriaEvaluationBenchmarks.AsAktivirajSe), "as-aktiviraj-se@1.0.0", CriteriaEvaluationBenchmarks.AsBadges),
        (nameof(CriteriaEvaluationBenchmarks.InitiativeLeader), "initiative-leader@1.0.0", CriteriaEvaluationBenchmarks.InitiativeLeaderBadges),
    ];

    public static int Print(IReadOnlyList<BenchmarkReport> reports)
    {
        var found = Cases
            .Select(x => (x.Model, x.Badges, Report: reports.FirstOrDefault(r =>
                r.BenchmarkCase.Descriptor.Type == typeof(CriteriaEvaluationBenchmarks) && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == x.Method)))
            .Where(x => x.Report is not null)
            .ToList();
        if (found.Count == 0)
        {
            return 0; // not selected
        }

        var c = CultureInfo.InvariantCulture;
        var exit = 0;
        Console.WriteLine();
        Console.WriteLine("| model                     | badges | learners | evaluations/s | µs/evaluation | ratio to 100,000/s |");
        Console.WriteLine("|---------------------------|-------:|---------:|--------------:|--------------:|-------------------:|");
        foreach (var (model, badges, report) in found)
        {
            var perSecond = RequirementReport.OpsPerSecond(report!);
            Console.WriteLine(string.Format(c, "| {0,-25} | {1,6} | {2,8:N0} | {3,13:N0} | {4,13:F2} | {5,18:F2} |",
                model, badges, CriteriaEvaluationBenchmarks.Learners, perSecond, 1e6 / perSecond, perSecond / RequiredPerSecond));
        }
        Console.WriteLine();
        foreach (var (model, badges, report) in found)
        {
            var perSecond = RequirementReport.OpsPerSecond(report!);
            var pass = perSecond >= RequiredPerSecond;
            exit |= pass ? 0 : 1;
            Console.WriteLine(string.Format(c,
                "REQUIREMENT {0}: every badge of {1} ({2}) for {3:N0} learners: {4:N0} learner-badge evaluations/s on one thread (required >= {5:N0}/s, {6:F2}x).",
                pass ? "PASS" : "FAIL", model, badges, CriteriaEvaluationBenchmarks.Learners, perSecond, RequiredPerSecond, perSecond / RequiredPerSecond));
        }
        return exit;
    }
}
