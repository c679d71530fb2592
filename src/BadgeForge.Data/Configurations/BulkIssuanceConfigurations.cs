using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BadgeForge.Data.Configurations;

internal sealed class BulkBatchConfiguration : IEntityTypeConfiguration<BulkBatch>
{
    public void Configure(EntityTypeBuilder<BulkBatch> builder)
    {
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.FileName).HasMaxLength(200);
        builder.Property(b => b.RollbackReason).HasMaxLength(1000);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(b => b.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.OrganisationId, b.CreatedAt });
        // Start-up looks for unfinished batches.
        builder.HasIndex(b => b.State);
        builder.HasMany<BulkRow>().WithOne().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BulkRowConfiguration : IEntityTypeConfiguration<BulkRow>
{
    public void Configure(EntityTypeBuilder<BulkRow> builder)
    {
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.RecipientEmail).HasMaxLength(320);
        builder.Property(r => r.RecipientName).HasMaxLength(200);
        builder.Property(r => r.Badge).HasMaxLength(300);
        builder.Property(r => r.EvidenceUrl).HasMaxLength(2048);
        builder.Property(r => r.Narrative).HasMaxLength(4000);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(200);
        builder.Property(r => r.ReservedKey).HasMaxLength(200);
        builder.Property(r => r.Column).HasMaxLength(100);
        builder.Property(r => r.Problem).HasMaxLength(1000);
        builder.Property(r => r.ProblemCode).HasMaxLength(64);
        builder.Property(r => r.ProblemSl).HasMaxLength(1000);
        builder.Property(r => r.AssertionId).HasMaxLength(40);
        // The job claims pending rows of a batch in line order.
        builder.HasIndex(r => new { r.BatchId, r.State, r.Line });
        // NULLs never collide, in SQLite and PostgreSQL alike: only confirmed rows hold their key.
        builder.HasIndex(r => new { r.OrganisationId, r.ReservedKey }).IsUnique();
        // A row issues at most one award: the award carries the row's id, uniquely.
        builder.HasOne<Award>().WithOne().HasForeignKey<Award>(a => a.BulkRowId).OnDelete(DeleteBehavior.Restrict);
    }
}
