namespace BadgeForge.Data.Entities;

public enum BulkRowState
{
    /// The dry run found a problem; never issued.
    Invalid,

    /// Passed the dry run; waiting for confirmation or for the job.
    Pending,
    Issued,

    /// The issuer refused it when the job ran (e.g. the model was retired after the dry run).
    Failed,

    /// The batch was cancelled before this row was reached.
    Cancelled,
}

/// <summary>
/// One line of a bulk batch with its outcome. An issued row and its award are written in one transaction, and
/// <see cref="Award.BulkRowId"/> is unique, so a row is issued at most once whatever crashes.
/// </summary>
public sealed class BulkRow
{
    public Guid Id { get; set; }
    public Guid BatchId { get; set; }
    public Guid OrganisationId { get; set; }

    /// Line in the CSV file (the header is line 1), or 1-based index of a JSON row.
    public int Line { get; set; }
    public BulkRowState State { get; set; }

    public required string RecipientEmail { get; set; }
    public string? RecipientName { get; set; }
    public required string Badge { get; set; }
    public DateTime? IssuedOn { get; set; }
    public string? EvidenceUrl { get; set; }
    public string? Narrative { get; set; }

    /// The caller's key for this row, as given. A key is held by a row of a confirmed batch that is pending or issued
    /// (BulkKeys): a later row with the same key is refused, so a key issues at most once whatever is uploaded again.
    /// A row the job refuses or a cancellation stops holds it no more.
    public string? IdempotencyKey { get; set; }

    /// The column at fault (as in the header) and what is wrong, for invalid and failed rows: a stable code, and the
    /// text in English (<see cref="Problem"/>) and Slovenian, written alike by the dry run and the job. Rows failed
    /// before problems had codes carry only the English text.
    public string? Column { get; set; }
    public string? Problem { get; set; }
    public string? ProblemCode { get; set; }
    public string? ProblemSl { get; set; }

    public string? AssertionId { get; set; }
    public DateTime? ProcessedAt { get; set; }
}
