using System.Reflection;
using System.Xml.Linq;
using BadgeForge.Core;

namespace BadgeForge.Core.Tests;

/// <summary>Core stays a pure library: no web, database or job framework may leak into it.</summary>
public sealed class CorePurityTests
{
    private static readonly string[] ForbiddenPrefixes =
        ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Hangfire", "Npgsql", "Microsoft.Data.Sqlite"];

    [Fact]
    public void CoreAssembly_ReferencesNoFrameworkAssemblies()
    {
        var references = typeof(LocalizedText).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");

        references.Where(name => ForbiddenPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Should().BeEmpty("BadgeForge.Core must not depend on ASP.NET Core, EF Core or Hangfire");
    }

    [Fact]
    public void CoreProject_DeclaresNoFrameworkPackagesOrReferences()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "BadgeForge.Core", "BadgeForge.Core.csproj"));
        var included = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "FrameworkReference" or "ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? "");

        included.Where(name => ForbiddenPrefixes.Any(p => name.Contains(p, StringComparison.OrdinalIgnoreCase))
                               || name.Contains("BadgeForge.", StringComparison.Ordinal))
            .Should().BeEmpty();
        project.Root!.Attribute("Sdk")!.Value.Should().Be("Microsoft.NET.Sdk", "Core is a plain class library, not a web project");
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BadgeForge.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("BadgeForge.sln not found above " + AppContext.BaseDirectory);
    }
}
