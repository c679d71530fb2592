namespace BadgeForge.Data.Entities;

/// One email of a learner, trimmed and lower-cased; unique across all learners.
public sealed class LearnerEmail
{
    public Guid Id { get; set; }
    public Guid LearnerId { get; set; }
    public required string Email { get; set; }
    public DateTime CreatedAt { get; set; }
}
