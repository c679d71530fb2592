namespace BadgeForge.Data.Entities;

public enum BulkBatchKind
{
    /// Each row is an award to make as written.
    Awards,

    /// Each row claims a completion: awarded only if the learner's records meet the badge's criteria.
    Completions,
}

public enum BulkBatchState
{
    /// Uploaded and checked (the dry run); nothing is issued until it is confirmed.
    Validated,

    /// Confirmed: a job issues its pending rows.
    Queued,
    Running,
    Completed,
    Cancelled,

    /// Every award of the batch was revoked.
    RolledBack,
}

/// <summary>
/// One uploaded file of awards or completions. The state that must survive a crash lives here and in its
/// <see cref="BulkRow"/>s (Hangfire's queue may be in memory); a job only carries the batch id.
/// </summary>
public sealed class BulkBatch
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public BulkBatchKind Kind { get; set; }
    public BulkBatchState State { get; set; }
    public string? FileName { get; set; }
    public Guid CreatedByAccountId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// Rows in the file, rows that passed the dry run, rows that did not.
    public int Total { get; set; }
    public int Valid { get; set; }
    public int Invalid { get; set; }

    public Guid? ConfirmedByAccountId { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public DateTime? CancelRequestedAt { get; set; }
    public DateTime? RolledBackAt { get; set; }
    public Guid? RolledBackByAccountId { get; set; }
    public string? RollbackReason { get; set; }
}
