using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BadgeForge.Data.Configurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>
{
    public void Configure(EntityTypeBuilder<TrainingRun> builder)
    {
        builder.Property(r => r.ModelId).HasMaxLength(64);
        builder.Property(r => r.ModelVersion).HasMaxLength(64);
        builder.Property(r => r.TrainingId).HasMaxLength(100);
        builder.Property(r => r.Title).HasMaxLength(200);
        builder.Property(r => r.Place).HasMaxLength(200);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.OrganisationId, r.StartsOn });
        builder.HasMany(r => r.Trainers).WithOne().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Sessions).WithOne().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Enrolments).WithOne().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrainingRunTrainerConfiguration : IEntityTypeConfiguration<TrainingRunTrainer>
{
    public void Configure(EntityTypeBuilder<TrainingRunTrainer> builder)
    {
        builder.HasKey(t => new { t.RunId, t.AccountId });
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> builder)
    {
        builder.Property(s => s.ModuleId).HasMaxLength(100);
        builder.Property(s => s.Mode).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => new { s.RunId, s.StartsAt });
        builder.HasOne<Learner>().WithMany().HasForeignKey(s => s.ScheduledForLearnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LearnerConfiguration : IEntityTypeConfiguration<Learner>
{
    public void Configure(EntityTypeBuilder<Learner> builder)
    {
        builder.Property(l => l.Phone).HasMaxLength(40);
        builder.Property(l => l.GuardianName).HasMaxLength(200);
        builder.Property(l => l.GuardianEmail).HasMaxLength(320);
        builder.Property(l => l.GuardianPhone).HasMaxLength(40);
        builder.HasMany(l => l.Emails).WithOne().HasForeignKey(e => e.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LearnerEmailConfiguration : IEntityTypeConfiguration<LearnerEmail>
{
    public void Configure(EntityTypeBuilder<LearnerEmail> builder)
    {
        builder.Property(e => e.Email).HasMaxLength(320);
        // One person per address: enrolling "Ana@X.si" and "ana@x.si" finds the same learner (both stored lower-cased).
        builder.HasIndex(e => e.Email).IsUnique();
        builder.HasIndex(e => e.LearnerId);
    }
}

internal sealed class TrainingEnrolmentConfiguration : IEntityTypeConfiguration<TrainingEnrolment>
{
    public void Configure(EntityTypeBuilder<TrainingEnrolment> builder)
    {
        builder.Property(e => e.Email).HasMaxLength(320);
        builder.Property(e => e.DisplayName).HasMaxLength(200);
        builder.HasIndex(e => new { e.RunId, e.LearnerId }).IsUnique();
        builder.HasIndex(e => e.LearnerId);
        builder.HasOne(e => e.Learner).WithMany().HasForeignKey(e => e.LearnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrainingAttendanceConfiguration : IEntityTypeConfiguration<TrainingAttendance>
{
    public void Configure(EntityTypeBuilder<TrainingAttendance> builder)
    {
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.Property(a => a.ProofReference).HasMaxLength(200);
        builder.HasIndex(a => new { a.SessionId, a.LearnerId }).IsUnique();
        builder.HasIndex(a => a.LearnerId);
        builder.HasOne<TrainingSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Learner>().WithMany().HasForeignKey(a => a.LearnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LearnerAssessmentConfiguration : IEntityTypeConfiguration<LearnerAssessment>
{
    public void Configure(EntityTypeBuilder<LearnerAssessment> builder)
    {
        builder.Property(a => a.ModelId).HasMaxLength(64);
        builder.Property(a => a.ModelVersion).HasMaxLength(64);
        builder.Property(a => a.CompetenceId).HasMaxLength(100);
        builder.Property(a => a.AssessorRole).HasMaxLength(32);
        builder.Property(a => a.Method).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Note).HasMaxLength(4000);
        builder.HasIndex(a => new { a.OrganisationId, a.LearnerId });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Learner>().WithMany().HasForeignKey(a => a.LearnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AssessorAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LearnerPracticeEntryConfiguration : IEntityTypeConfiguration<LearnerPracticeEntry>
{
    public void Configure(EntityTypeBuilder<LearnerPracticeEntry> builder)
    {
        builder.Property(p => p.Kind).HasMaxLength(100);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.ConfirmedByRole).HasMaxLength(32);
        builder.Property(p => p.Note).HasMaxLength(4000);
        builder.HasIndex(p => new { p.OrganisationId, p.LearnerId });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Learner>().WithMany().HasForeignKey(p => p.LearnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LearnerEvidenceItemConfiguration : IEntityTypeConfiguration<LearnerEvidenceItem>
{
    public void Configure(EntityTypeBuilder<LearnerEvidenceItem> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(100);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ReviewedByRole).HasMaxLength(32);
        builder.Property(e => e.Url).HasMaxLength(2048);
        builder.Property(e => e.Note).HasMaxLength(4000);
        builder.HasIndex(e => new { e.OrganisationId, e.LearnerId });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Learner>().WithMany().HasForeignKey(e => e.LearnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Restrict);
    }
}
