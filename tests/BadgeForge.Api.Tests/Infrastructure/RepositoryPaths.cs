namespace BadgeForge.Api.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// The checkout's root (where BadgeForge.sln is), found from the test binaries' folder.
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BadgeForge.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("BadgeForge.sln not found above " + AppContext.BaseDirectory);
    }
}
