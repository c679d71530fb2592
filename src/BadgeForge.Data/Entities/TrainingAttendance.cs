namespace BadgeForge.Data.Entities;

/// One learner's presence at one session; at most one per session and learner (recording again replaces it).
public sealed class TrainingAttendance
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid LearnerId { get; set; }
    public AttendanceKind Status { get; set; }

    /// Minutes present: the whole or part of the session when present, the attended part of a justified absence.
    public int PresentMinutes { get; set; }

    /// Why an absence is justified; a justified absence without a reason counts as unjustified (README §7.2).
    public string? Reason { get; set; }

    /// Where the proof of a justified absence is kept (e.g. "opravičilo 2026/14"), never the document itself.
    public string? ProofReference { get; set; }

    public Guid RecordedByAccountId { get; set; }
    public DateTime RecordedAt { get; set; }
}

public enum AttendanceKind
{
    Present,
    Absent,
    Justified,
}
