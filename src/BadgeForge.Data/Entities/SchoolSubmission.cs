namespace BadgeForge.Data.Entities;

/// <summary>
/// A badge a student submitted to the school for elective-course credit: what verification found, what the rules
/// propose, and the staff decision with the recognition badge issued for it.
/// </summary>
public sealed class SchoolSubmission
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid StudentId { get; set; }
    public SchoolSubmissionSource Source { get; set; }

    /// The badge, as one key per badge: "award:{id}" for BadgeForge badges (hosted or signed), else the assertion id.
    public required string BadgeKey { get; set; }

    /// <see cref="BadgeKey"/> while the submission counts (pending or approved); null once rejected. Unique per school,
    /// so a badge is counted once, never twice across courses or years.
    public string? CountedKey { get; set; }

    /// Where the badge can be seen (the hosted assertion URL), if it has one.
    public string? BadgeUrl { get; set; }

    public string? BadgeClassUrl { get; set; }
    public string? BadgeName { get; set; }
    public string? IssuerName { get; set; }
    public DateTime? BadgeIssuedOn { get; set; }

    /// The verifier's status ("valid", "expired", "revoked", "invalid", "unverifiable") and the reason when not valid.
    public required string VerificationStatus { get; set; }
    public string? VerificationMessage { get; set; }

    /// The rules' proposal (JSON: matches and bilingual explanations) and its best course and credit.
    public required string ProposalJson { get; set; }
    public Guid? ProposedCourseId { get; set; }
    public int ProposedMinutes { get; set; }

    public SchoolSubmissionStatus Status { get; set; }
    public string? DecisionComment { get; set; }

    /// Null for automatic rejections (verification failed).
    public Guid? DecidedByAccountId { get; set; }

    public DateTime? DecidedAt { get; set; }
    public Guid? CreditedCourseId { get; set; }
    public int CreditedMinutes { get; set; }

    /// The school's signed recognition badge ("Priznano: 10 ur OIV – …").
    public string? RecognitionAwardId { get; set; }

    public Guid SubmittedByAccountId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum SchoolSubmissionSource
{
    Backpack,
    Url,
    Jws,
    Image,
}

public enum SchoolSubmissionStatus
{
    Pending,
    Approved,
    Rejected,
}
