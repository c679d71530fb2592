namespace BadgeForge.Data.Entities;

/// A trainer (an account of the organisation) who delivers a run.
public sealed class TrainingRunTrainer
{
    public Guid RunId { get; set; }
    public Guid AccountId { get; set; }
}
