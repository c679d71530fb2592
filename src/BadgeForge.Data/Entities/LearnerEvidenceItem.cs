namespace BadgeForge.Data.Entities;

/// One evidence item (dokazilo) a learner submitted to an organisation, and its review (README §7.6).
public sealed class LearnerEvidenceItem
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid LearnerId { get; set; }

    /// The run it was submitted in, if any.
    public Guid? RunId { get; set; }
    public required string Kind { get; set; }
    public DateTime SubmittedAt { get; set; }
    public ReviewStatus Status { get; set; }
    public Guid? ReviewedByAccountId { get; set; }
    public string? ReviewedByRole { get; set; }
    public string? Url { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
}
