namespace BadgeForge.Data.Entities;

/// <summary>
/// A learner in a run. Only sessions between <see cref="JoinedAt"/> and <see cref="LeftAt"/> are in the learner's base.
/// The name is kept here, as this organisation knows the person, so that enrolling an existing learner by email never
/// shows another organisation's data.
/// </summary>
public sealed class TrainingEnrolment
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public Guid LearnerId { get; set; }

    /// The email this organisation enrolled the learner with (normalised).
    public required string Email { get; set; }
    public string? DisplayName { get; set; }
    public DateTime JoinedAt { get; set; }
    public DateTime? LeftAt { get; set; }
    public DateTime CreatedAt { get; set; }

    public Learner? Learner { get; set; }
}
