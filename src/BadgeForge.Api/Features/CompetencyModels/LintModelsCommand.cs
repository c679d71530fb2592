using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Api.Features.CompetencyModels;

/// <summary>
/// <c>dotnet run --project src/BadgeForge.Api -- lint-models [folder]</c>: validates every model file the way start-up
/// does and prints each problem as <c>file:line:column: code: message</c>. Exit code 1 when there is any problem.
/// Needs no database, so CI and editors can run it alone.
/// </summary>
public static class LintModelsCommand
{
    public const string Name = "lint-models";

    public static int Run(string[] args, string contentRoot, IConfiguration configuration, TextWriter output)
    {
        var directory = args.Length > 1 ? new ModelDirectory(args[1]) : ModelDirectory.FromConfiguration(configuration, contentRoot);
        if (!Directory.Exists(directory.Path))
        {
            output.WriteLine($"{directory.Path}: not a directory");
            return 2;
        }
        var catalog = CompetencyModelCatalog.Load(directory.ReadAll());
        foreach (var problem in catalog.Problems)
        {
            output.WriteLine(problem with { File = directory.Describe(problem.File) });
        }
        output.WriteLine($"{catalog.Files.Count} file(s), {catalog.Models.Count} model version(s), {catalog.Problems.Count} problem(s) in {directory.Path}");
        return catalog.IsValid ? 0 : 1;
    }
}
