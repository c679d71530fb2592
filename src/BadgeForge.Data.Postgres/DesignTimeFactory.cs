using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BadgeForge.Data.Postgres;

/// Used only by 'dotnet ef' (scripts/add-migration.sh): builds the context for this provider without the web host.
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BadgeForgeDbContext>
{
    public BadgeForgeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BadgeForgeDbContext>();
        new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=badgeforge_design;Username=postgres").Configure(options);
        return new BadgeForgeDbContext(options.Options);
    }
}
