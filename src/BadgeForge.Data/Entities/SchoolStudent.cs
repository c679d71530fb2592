namespace BadgeForge.Data.Entities;

/// <summary>
/// A student enrolled in a class. The student acts through an earner account of the same (verified) email: the
/// backpack sign-in proves the address, and submitted badges must be issued to it.
/// </summary>
public sealed class SchoolStudent
{
    public Guid Id { get; set; }
    public Guid ClassId { get; set; }

    /// Normalised email.
    public required string Email { get; set; }

    public required string Name { get; set; }

    public SchoolClass? Class { get; set; }
}
