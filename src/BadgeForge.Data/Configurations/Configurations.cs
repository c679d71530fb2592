using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BadgeForge.Data.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.HasIndex(o => o.Slug).IsUnique();
        builder.Property(o => o.Slug).HasMaxLength(64);
        builder.ComplexProperty(o => o.Name, name =>
        {
            name.Property(t => t.Sl).HasMaxLength(200);
            name.Property(t => t.En).HasMaxLength(200);
        });
        builder.ComplexProperty(o => o.Description, d =>
        {
            d.Property(t => t.Sl).HasMaxLength(4000);
            d.Property(t => t.En).HasMaxLength(4000);
        });
        builder.Property(o => o.Url).HasMaxLength(2048);
        builder.Property(o => o.Email).HasMaxLength(320);
        builder.Property(o => o.LogoUrl).HasMaxLength(2048);
    }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.HasIndex(a => a.Email).IsUnique();
        builder.Property(a => a.Email).HasMaxLength(320);
        builder.Property(a => a.DisplayName).HasMaxLength(200);
        builder.Property(a => a.PasswordHash).HasMaxLength(512);
        builder.Property(a => a.PreferredLanguage).HasMaxLength(8);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.HasKey(m => new { m.AccountId, m.OrganisationId, m.Role });
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(m => m.OrganisationId);
        builder.HasOne(m => m.Account).WithMany(a => a.Memberships).HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Organisation).WithMany(o => o.Memberships).HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.AccountId);
        builder.HasIndex(t => t.FamilyId);
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProtectedSecretConfiguration : IEntityTypeConfiguration<ProtectedSecret>
{
    public void Configure(EntityTypeBuilder<ProtectedSecret> builder)
    {
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
    }
}

internal sealed class IssuerKeyConfiguration : IEntityTypeConfiguration<IssuerKey>
{
    public void Configure(EntityTypeBuilder<IssuerKey> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(k => k.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        // The same filter SQL works on SQLite and PostgreSQL (quoted identifier, boolean column as predicate).
        builder.HasIndex(k => k.OrganisationId).IsUnique().HasFilter("\"IsActive\"").HasDatabaseName("IX_IssuerKeys_OneActivePerOrganisation");
        builder.HasIndex(k => new { k.OrganisationId, k.CreatedAt });
        builder.Property(k => k.PublicKeyPem).HasMaxLength(4000);
        builder.Property(k => k.ProtectedPrivateKey).HasMaxLength(8000);
    }
}

internal sealed class ModelVersionRecordConfiguration : IEntityTypeConfiguration<ModelVersionRecord>
{
    public void Configure(EntityTypeBuilder<ModelVersionRecord> builder)
    {
        builder.ToTable("ModelVersions");
        builder.HasKey(m => new { m.ModelId, m.Version });
        builder.Property(m => m.ModelId).HasMaxLength(64);
        builder.Property(m => m.Version).HasMaxLength(64);
        builder.Property(m => m.ContentHash).HasMaxLength(64);
        builder.Property(m => m.StructureHash).HasMaxLength(64);
        builder.Property(m => m.Status).HasMaxLength(16);
        builder.Property(m => m.FileName).HasMaxLength(300);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.UploadedByOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AwardConfiguration : IEntityTypeConfiguration<Award>
{
    public void Configure(EntityTypeBuilder<Award> builder)
    {
        builder.Property(a => a.Id).HasMaxLength(40);
        builder.Property(a => a.ModelId).HasMaxLength(64);
        builder.Property(a => a.ModelVersion).HasMaxLength(64);
        builder.Property(a => a.BadgeId).HasMaxLength(100);
        builder.Property(a => a.RecipientEmail).HasMaxLength(320);
        builder.Property(a => a.RecipientSalt).HasMaxLength(64);
        builder.Property(a => a.RecipientIdentity).HasMaxLength(80);
        builder.Property(a => a.RecipientName).HasMaxLength(200);
        builder.Property(a => a.RevocationReason).HasMaxLength(1000);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IssuerKey>().WithMany().HasForeignKey(a => a.SigningKeyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.OrganisationId, a.IssuedOn });
        // By email (backpacks, recipient checks), and by email within an organisation: the bulk dry run looks up
        // 10,000 addresses at once, and with the email alone SQLite (no statistics) walked every award of the
        // organisation instead, half a second for 70,000 awards.
        builder.HasIndex(a => new { a.RecipientEmail, a.OrganisationId });
        builder.HasIndex(a => a.SignedUuid).IsUnique();
        // A bulk row issues at most one award (a reference without a foreign key; see BulkRowConfiguration).
        builder.HasIndex(a => a.BulkRowId).IsUnique().HasFilter("\"BulkRowId\" IS NOT NULL");
        // PostgreSQL: keep an award's documents in its row. An award is about 2.5 kB, just over the 2 kB at which
        // PostgreSQL would otherwise try to compress its JWS (base64, which hardly compresses) and then move it to the
        // TOAST table: a second insert and index entry per award, which measured as a third of a bulk batch's
        // database time. Rows over 8 kB (very long narratives) are still moved out.
        builder.HasStorageParameter("toast_tuple_target", 8160);
        // The issuer's RevocationList. Partial indexes (here and below) index only the rows a query looks for: most
        // awards are never revoked, superseded or issued in bulk, and many never expire, so their inserts skip these.
        builder.HasIndex(a => new { a.OrganisationId, a.RevokedAt }).HasFilter("\"RevokedAt\" IS NOT NULL");
        // The daily expiry job looks up awards by expiry date (expired, or due for a reminder).
        builder.HasIndex(a => a.ExpiresAt).HasFilter("\"ExpiresAt\" IS NOT NULL");
        // Supersession: the new award points at the old one (an award is superseded at most once); the back-link is
        // written in the same transaction, so it needs no constraint of its own.
        builder.Property(a => a.SupersedesAwardId).HasMaxLength(40);
        builder.Property(a => a.SupersededByAwardId).HasMaxLength(40);
        builder.Property(a => a.SupersessionKind).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Award>().WithOne().HasForeignKey<Award>(a => a.SupersedesAwardId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.SupersedesAwardId).IsUnique().HasFilter("\"SupersedesAwardId\" IS NOT NULL");
        // A run awards a badge to a recipient once: concurrent award requests (manual, or automatic after the last
        // session) race to this index, and the loser reports the winner's award as held. Revoked awards do not block.
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(a => a.TrainingRunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.TrainingRunId, a.RecipientEmail, a.ModelId, a.BadgeId })
            .IsUnique().HasFilter("\"TrainingRunId\" IS NOT NULL AND \"RevokedAt\" IS NULL");
    }
}
