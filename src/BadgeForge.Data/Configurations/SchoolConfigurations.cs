using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BadgeForge.Data.Configurations;

internal sealed class SchoolCourseConfiguration : IEntityTypeConfiguration<SchoolCourse>
{
    public void Configure(EntityTypeBuilder<SchoolCourse> builder)
    {
        builder.Property(c => c.SchoolYear).HasMaxLength(9);
        builder.ComplexProperty(c => c.Title, t =>
        {
            t.Property(x => x.Sl).HasMaxLength(200);
            t.Property(x => x.En).HasMaxLength(200);
        });
        builder.Property(c => c.Category).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(c => new { c.OrganisationId, c.SchoolYear });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Rules).WithOne().HasForeignKey(r => r.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SchoolRecognitionRuleConfiguration : IEntityTypeConfiguration<SchoolRecognitionRule>
{
    public void Configure(EntityTypeBuilder<SchoolRecognitionRule> builder)
    {
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ModelId).HasMaxLength(64);
        builder.Property(r => r.ModelVersion).HasMaxLength(32);
        builder.Property(r => r.BadgeId).HasMaxLength(128);
        builder.Property(r => r.BadgeClassUrl).HasMaxLength(2048);
        builder.Property(r => r.CompetencesJson).HasMaxLength(8000);
    }
}

internal sealed class SchoolClassConfiguration : IEntityTypeConfiguration<SchoolClass>
{
    public void Configure(EntityTypeBuilder<SchoolClass> builder)
    {
        builder.Property(c => c.SchoolYear).HasMaxLength(9);
        builder.Property(c => c.Name).HasMaxLength(64);
        builder.HasIndex(c => new { c.OrganisationId, c.SchoolYear, c.Name }).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Students).WithOne(s => s.Class).HasForeignKey(s => s.ClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SchoolStudentConfiguration : IEntityTypeConfiguration<SchoolStudent>
{
    public void Configure(EntityTypeBuilder<SchoolStudent> builder)
    {
        builder.Property(s => s.Email).HasMaxLength(320);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.HasIndex(s => new { s.ClassId, s.Email }).IsUnique();
        // A student finds their enrolments by the signed-in account's email.
        builder.HasIndex(s => s.Email);
    }
}

internal sealed class SchoolSubmissionConfiguration : IEntityTypeConfiguration<SchoolSubmission>
{
    public void Configure(EntityTypeBuilder<SchoolSubmission> builder)
    {
        builder.Property(s => s.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.BadgeKey).HasMaxLength(2048);
        builder.Property(s => s.CountedKey).HasMaxLength(2048);
        builder.Property(s => s.BadgeUrl).HasMaxLength(2048);
        builder.Property(s => s.BadgeClassUrl).HasMaxLength(2048);
        builder.Property(s => s.BadgeName).HasMaxLength(400);
        builder.Property(s => s.IssuerName).HasMaxLength(400);
        builder.Property(s => s.VerificationStatus).HasMaxLength(16);
        builder.Property(s => s.VerificationMessage).HasMaxLength(2000);
        builder.Property(s => s.DecisionComment).HasMaxLength(2000);
        builder.Property(s => s.RecognitionAwardId).HasMaxLength(40);
        // NULLs are distinct on both providers: rejected submissions never block a new one.
        builder.HasIndex(s => new { s.OrganisationId, s.CountedKey }).IsUnique();
        builder.HasIndex(s => new { s.OrganisationId, s.Status });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SchoolStudent>().WithMany().HasForeignKey(s => s.StudentId).OnDelete(DeleteBehavior.Restrict);
    }
}
