namespace BadgeForge.Data.Entities;

/// <summary>
/// A person who takes part in trainings, independent of organisations: the same person enrolled by two organisations
/// is one learner, found by any of their (normalised) emails. Names live on enrolments, per organisation.
/// </summary>
public sealed class Learner
{
    public Guid Id { get; set; }
    public string? Phone { get; set; }

    /// Under 18: a guardian's contact and consent are needed (GDPR Art. 8 and the Slovenian ZVOP-2 age of 15 for
    /// information-society services; trainings ask the guardian in any case).
    public bool IsMinor { get; set; }
    public string? GuardianName { get; set; }
    public string? GuardianEmail { get; set; }
    public string? GuardianPhone { get; set; }

    /// Consent to keep training records (attendance, assessments) for issuing badges.
    public bool ConsentRecords { get; set; }

    /// Consent to show the name on public badge pages.
    public bool ConsentPublicName { get; set; }
    public DateTime CreatedAt { get; set; }

    public List<LearnerEmail> Emails { get; set; } = [];
}
