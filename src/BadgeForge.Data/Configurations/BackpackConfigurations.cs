using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BadgeForge.Data.Configurations;

internal sealed class BackpackLoginTokenConfiguration : IEntityTypeConfiguration<BackpackLoginToken>
{
    public void Configure(EntityTypeBuilder<BackpackLoginToken> builder)
    {
        builder.Property(t => t.Email).HasMaxLength(320);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        // The rate limit counts an email's links of the last hour.
        builder.HasIndex(t => new { t.Email, t.CreatedAt });
    }
}

internal sealed class BackpackShareConfiguration : IEntityTypeConfiguration<BackpackShare>
{
    public void Configure(EntityTypeBuilder<BackpackShare> builder)
    {
        builder.Property(s => s.AwardId).HasMaxLength(40);
        builder.Property(s => s.Token).HasMaxLength(64);
        builder.HasIndex(s => s.Token).IsUnique();
        builder.HasIndex(s => new { s.AccountId, s.AwardId });
        // Deleting an account (GDPR erasure) takes its share links with it; awards are never deleted.
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Award>().WithMany().HasForeignKey(s => s.AwardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BackpackBadgeSettingConfiguration : IEntityTypeConfiguration<BackpackBadgeSetting>
{
    public void Configure(EntityTypeBuilder<BackpackBadgeSetting> builder)
    {
        builder.HasKey(s => new { s.AccountId, s.AwardId });
        builder.Property(s => s.AwardId).HasMaxLength(40);
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Award>().WithMany().HasForeignKey(s => s.AwardId).OnDelete(DeleteBehavior.Restrict);
    }
}
