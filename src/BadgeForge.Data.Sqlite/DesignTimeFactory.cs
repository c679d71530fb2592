using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BadgeForge.Data.Sqlite;

/// Used only by 'dotnet ef' (scripts/add-migration.sh): builds the context for this provider without the web host.
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BadgeForgeDbContext>
{
    public BadgeForgeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BadgeForgeDbContext>();
        new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=design-time.db").Configure(options);
        return new BadgeForgeDbContext(options.Options);
    }
}
