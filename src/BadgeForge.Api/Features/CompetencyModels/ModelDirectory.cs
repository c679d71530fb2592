using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Api.Features.CompetencyModels;

/// <summary>
/// Where the shipped model files are: <c>CompetencyModels:Path</c>, or the nearest <c>competency-models</c> folder
/// at or above the content root (so both <c>dotnet run</c> in the repo and the container's /app find it).
/// </summary>
public sealed class ModelDirectory
{
    public const string FolderName = "competency-models";

    public ModelDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public static ModelDirectory FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["CompetencyModels:Path"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured)
                ? new ModelDirectory(configured)
                : throw new StartupException($"CompetencyModels__Path '{configured}' is not a directory.");
        }
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, FolderName);
            if (Directory.Exists(candidate))
            {
                return new ModelDirectory(candidate);
            }
        }
        throw new StartupException($"No '{FolderName}' folder at or above {contentRoot}: set CompetencyModels__Path.");
    }

    /// Every <c>&lt;id&gt;/&lt;version&gt;.yaml</c>, read with the parser's size limit so a huge file cannot exhaust memory.
    public IReadOnlyList<ModelSource> ReadAll()
    {
        var limit = new CompetencyModelParserOptions().MaxBytes;
        var sources = new List<ModelSource>();
        foreach (var file in Directory.EnumerateFiles(Path, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/');
            using var stream = File.OpenRead(file);
            var buffer = new byte[Math.Min(stream.Length, limit + 1)];
            stream.ReadExactly(buffer);
            sources.Add(new ModelSource(relative, buffer));
        }
        return sources;
    }

    /// How a file is named in messages: relative to the repository, like "competency-models/as-aktiviraj-se/1.0.0.yaml".
    public string Describe(string relative) => $"{FolderName}/{relative}";
}
