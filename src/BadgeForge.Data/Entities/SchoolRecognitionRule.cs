namespace BadgeForge.Data.Entities;

/// <summary>"This badge (or these competences) gives N hours of that course." Credit is kept in minutes.</summary>
public sealed class SchoolRecognitionRule
{
    public Guid Id { get; set; }
    public Guid CourseId { get; set; }
    public SchoolRuleKind Kind { get; set; }

    /// Badge and attended-hours rules for BadgeForge badges: model, badge, and the version (null: any version).
    public string? ModelId { get; set; }
    public string? ModelVersion { get; set; }
    public string? BadgeId { get; set; }

    /// Badge rules for another issuer's badges: the badge class URL.
    public string? BadgeClassUrl { get; set; }

    /// Competence rules: JSON array of {modelId, competenceId, minLevel}.
    public string? CompetencesJson { get; set; }

    /// The credit: hours as given, kept exactly as minutes, with the hour length they were given in.
    public int Minutes { get; set; }
    public int HourMinutes { get; set; }

    /// Order in the catalogue: on a tie the first rule wins.
    public int Position { get; set; }
}

public enum SchoolRuleKind
{
    Badge,
    Competences,

    /// The attended hours behind an attendance badge (model, version, badge as for Badge), up to the credit.
    AttendedHours,
}
