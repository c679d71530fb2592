using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BadgeForge.Data.Configurations;

internal sealed class ExpiryReminderConfiguration : IEntityTypeConfiguration<ExpiryReminder>
{
    public void Configure(EntityTypeBuilder<ExpiryReminder> builder)
    {
        builder.Property(r => r.AwardId).HasMaxLength(40);
        builder.Property(r => r.Language).HasMaxLength(8);
        builder.Property(r => r.Error).HasMaxLength(1000);
        builder.HasOne<Award>().WithMany().HasForeignKey(r => r.AwardId).OnDelete(DeleteBehavior.Cascade);
        // The at-most-once guarantee: a second claim of the same reminder fails on this key.
        builder.HasIndex(r => new { r.AwardId, r.OffsetDays }).IsUnique();
    }
}
