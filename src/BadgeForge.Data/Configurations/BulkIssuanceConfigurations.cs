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
        // No foreign key from BulkRows.BatchId: the rows are written with their batch in one transaction and deleted
        // with it explicitly (DeleteBulkBatch), and checking the key on each of 10,000 copied rows cost PostgreSQL
        // about as much as all three of the rows' indexes together.
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
        builder.Property(r => r.Column).HasMaxLength(100);
        builder.Property(r => r.Problem).HasMaxLength(1000);
        builder.Property(r => r.ProblemCode).HasMaxLength(64);
        builder.Property(r => r.ProblemSl).HasMaxLength(1000);
        builder.Property(r => r.AssertionId).HasMaxLength(40);
        // The job claims pending rows of a batch in line order, from where its last claim ended. The state is not in
        // the index, and PostgreSQL pages are left half empty: the job's outcome update (state, assertion, time) then
        // changes no indexed column and finds room on the row's own page, so PostgreSQL writes no new index entries
        // (a "HOT" update). With the state indexed, the update cost twice as much database time.
        builder.HasIndex(r => new { r.BatchId, r.Line });
        builder.HasStorageParameter("fillfactor", 45);
        // Which rows hold a key (BulkKeys). Not unique: dry runs may repeat a key, and a row that issued nothing
        // releases its key by its state alone. Confirmations check the keys under a per-organisation lock instead; a
        // unique index needed a second copy of each key, written for every row at confirmation (an UPDATE of 10,000
        // rows, a tenth of a second during which the batch waited).
        builder.HasIndex(r => new { r.OrganisationId, r.IdempotencyKey });
        // A row issues at most one award: the award carries the row's id, uniquely (the index is configured with
        // Award). Not a foreign key: the job inserts each award in the transaction that holds its row locked, rows
        // of confirmed batches are never deleted, and the per-row check cost the bulk job about 13 µs of
        // PostgreSQL CPU per award, a twentieth of a signature.
    }
}
