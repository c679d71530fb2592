namespace BadgeForge.Data.Entities;

/// One entry of a learner's practice log at an organisation (competency-models/README.md §7.5).
public sealed class LearnerPracticeEntry
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid LearnerId { get; set; }
    public required string Kind { get; set; }
    public DateTime StartsOn { get; set; }
    public DateTime? EndsOn { get; set; }

    /// Hours in minutes, so that no provider has to compare decimals (SQLite cannot).
    public int Minutes { get; set; }

    /// Phases covered: "planning", "implementation", "evaluation".
    public List<string> Phases { get; set; } = [];
    public ReviewStatus Status { get; set; }
    public Guid? ConfirmedByAccountId { get; set; }
    public string? ConfirmedByRole { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum ReviewStatus
{
    Pending,
    Accepted,
    Rejected,
    Withdrawn,
}
