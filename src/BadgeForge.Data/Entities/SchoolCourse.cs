using BadgeForge.Core;
using BadgeForge.Core.Schools;

namespace BadgeForge.Data.Entities;

/// <summary>
/// One course or category of a school's elective catalogue for one school year (e.g. OIV "prostovoljno socialno delo",
/// 60 school hours), with the rules that turn outside badges into hours of it.
/// </summary>
public sealed class SchoolCourse
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }

    /// "2026/27".
    public required string SchoolYear { get; set; }

    public required LocalizedText Title { get; set; }
    public OivCategory Category { get; set; }

    /// Hours the course asks of each student in the year, in hours of <see cref="HourMinutes"/>.
    public int RequiredHours { get; set; }

    /// 45 (school hours) or 60 (clock hours).
    public int HourMinutes { get; set; }

    /// At most this percentage of <see cref="RequiredHours"/> may come from outside activities; null for no cap.
    public int? MaxOutsidePercent { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<SchoolRecognitionRule> Rules { get; set; } = [];
}
