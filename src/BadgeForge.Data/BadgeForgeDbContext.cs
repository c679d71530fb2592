using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BadgeForge.Data;

/// <summary>The one DbContext of BadgeForge, for both SQLite and PostgreSQL.</summary>
/// <remarks>
/// Change the model, then add the same migration to both providers with
/// <c>scripts/add-migration.sh &lt;Name&gt;</c>; MigrationTests fails while either provider has pending model changes.
/// The model stays portable: UTC <see cref="DateTime"/> only (SQLite cannot order DateTimeOffset), no schemas,
/// no provider-specific SQL.
/// </remarks>
public sealed class BadgeForgeDbContext(DbContextOptions<BadgeForgeDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ProtectedSecret> ProtectedSecrets => Set<ProtectedSecret>();
    public DbSet<IssuerKey> IssuerKeys => Set<IssuerKey>();
    public DbSet<ModelVersionRecord> ModelVersions => Set<ModelVersionRecord>();
    public DbSet<Award> Awards => Set<Award>();
    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();
    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();
    public DbSet<TrainingEnrolment> TrainingEnrolments => Set<TrainingEnrolment>();
    public DbSet<TrainingAttendance> TrainingAttendance => Set<TrainingAttendance>();
    public DbSet<Learner> Learners => Set<Learner>();
    public DbSet<LearnerEmail> LearnerEmails => Set<LearnerEmail>();
    public DbSet<LearnerAssessment> LearnerAssessments => Set<LearnerAssessment>();
    public DbSet<LearnerPracticeEntry> LearnerPracticeEntries => Set<LearnerPracticeEntry>();
    public DbSet<LearnerEvidenceItem> LearnerEvidenceItems => Set<LearnerEvidenceItem>();
    public DbSet<BackpackLoginToken> BackpackLoginTokens => Set<BackpackLoginToken>();
    public DbSet<BackpackShare> BackpackShares => Set<BackpackShare>();
    public DbSet<BackpackBadgeSetting> BackpackBadgeSettings => Set<BackpackBadgeSetting>();
    public DbSet<ExpiryReminder> ExpiryReminders => Set<ExpiryReminder>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SchoolCourse> SchoolCourses => Set<SchoolCourse>();
    public DbSet<SchoolRecognitionRule> SchoolRecognitionRules => Set<SchoolRecognitionRule>();
    public DbSet<SchoolClass> SchoolClasses => Set<SchoolClass>();
    public DbSet<SchoolStudent> SchoolStudents => Set<SchoolStudent>();
    public DbSet<SchoolSubmission> SchoolSubmissions => Set<SchoolSubmission>();
    public DbSet<BulkBatch> BulkBatches => Set<BulkBatch>();
    public DbSet<BulkRow> BulkRows => Set<BulkRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BadgeForgeDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back as Unspecified and Npgsql refuses non-UTC values for timestamptz:
        // everything is stored as UTC and read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
