namespace BadgeForge.Data.Entities;

/// <summary>
/// An assessor's confirmation of indicators of one competence for one learner, against a pinned model version.
/// The assessor's role is recorded as it was at that moment: a later change of roles does not rewrite history.
/// </summary>
public sealed class LearnerAssessment
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid LearnerId { get; set; }

    /// The run the assessment was made in, if any.
    public Guid? RunId { get; set; }
    public required string ModelId { get; set; }
    public required string ModelVersion { get; set; }
    public required string CompetenceId { get; set; }
    public List<string> IndicatorIds { get; set; } = [];
    public Guid AssessorAccountId { get; set; }

    /// The assessor's confirmer role at the organisation (Trainer, Mentor, Professional, Organisation), or null.
    public string? AssessorRole { get; set; }
    public AssessmentKind Method { get; set; }
    public DateTime AssessedAt { get; set; }
    public string? Note { get; set; }
    public bool Withdrawn { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum AssessmentKind
{
    Observation,
    Interview,
    Portfolio,

    /// The learner's own view: stored for the conversation with the trainer, never counted (README §4.2).
    SelfAssessment,
}
