namespace BadgeForge.Data.Entities;

/// <summary>
/// The decision to send one expiry reminder for one award at one offset (days before expiry). The row is written,
/// and committed, before any mail leaves: its unique (award, offset) key makes the reminder at-most-once even when
/// the job runs twice or on two instances at the same time.
/// </summary>
public sealed class ExpiryReminder
{
    public Guid Id { get; set; }
    public required string AwardId { get; set; }

    /// Days before expiry that this reminder stands for (one of the configured offsets).
    public int OffsetDays { get; set; }

    /// "sl" or "en": the language the reminder was written in.
    public required string Language { get; set; }

    /// When the reminder was claimed (the decision to send).
    public DateTime DecidedAt { get; set; }

    /// When both messages (earner and organisation contact) were accepted by the mail server or pick-up folder.
    public DateTime? SentAt { get; set; }

    /// When sending failed; such a reminder is not retried (at most once), the error says why.
    public DateTime? FailedAt { get; set; }
    public string? Error { get; set; }
}
