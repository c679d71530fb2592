namespace BadgeForge.Data.Entities;

/// One scheduled session of a run; its planned minutes are D in the attendance rules (competency-models/README.md §7.2).
public sealed class TrainingSession
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }

    /// A module id of the run's training, or null when the session is not tied to a module.
    public string? ModuleId { get; set; }

    /// When the session starts (UTC): the record date for windows and for "only sessions up to now count".
    public DateTime StartsAt { get; set; }

    public TrainingSessionMode Mode { get; set; }
    public int PlannedMinutes { get; set; }

    /// For individual sessions: the learner the session was scheduled for; it counts for nobody else.
    public Guid? ScheduledForLearnerId { get; set; }

    /// A session that did not take place counts nowhere.
    public bool Cancelled { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum TrainingSessionMode
{
    Group,
    Individual,
}
