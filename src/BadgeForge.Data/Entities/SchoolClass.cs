namespace BadgeForge.Data.Entities;

/// A class (oddelek, e.g. "3.b") of one school year, its class teacher (razrednik) and its students.
public sealed class SchoolClass
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public required string SchoolYear { get; set; }
    public required string Name { get; set; }

    /// A school-staff account of the same school; reports can be filtered by it.
    public Guid? ClassTeacherAccountId { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<SchoolStudent> Students { get; set; } = [];
}
