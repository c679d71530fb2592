namespace BadgeForge.Data.Entities;

/// <summary>
/// One run (cohort) of a training defined in a competency model, delivered by one organisation. The model version is
/// pinned when the run is created, so later model versions never change what the run's sessions meant.
/// </summary>
public sealed class TrainingRun
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }

    public required string ModelId { get; set; }
    public required string ModelVersion { get; set; }

    /// The training id in the pinned model version.
    public required string TrainingId { get; set; }

    public required string Title { get; set; }

    /// First and last day of the run (UTC midnight); the last day may be unknown while the run is planned.
    public DateTime StartsOn { get; set; }
    public DateTime? EndsOn { get; set; }
    public string? Place { get; set; }

    /// Length of the run's teaching hour in minutes: 60, or 45 for a school lesson (šolska ura). Only used to turn
    /// planned lessons into minutes; everything is stored and evaluated in minutes (competency-models/README.md §5).
    public int HourLengthMinutes { get; set; } = 60;

    /// Award every qualifying badge as soon as the attendance of the run's last session is recorded (off by default).
    public bool AutoAward { get; set; }

    public Guid CreatedByAccountId { get; set; }
    public DateTime CreatedAt { get; set; }

    public List<TrainingRunTrainer> Trainers { get; set; } = [];
    public List<TrainingSession> Sessions { get; set; } = [];
    public List<TrainingEnrolment> Enrolments { get; set; } = [];
}
