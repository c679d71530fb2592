namespace BadgeForge.Data.Entities;

/// A service secret (such as the access-token signing key) generated once and stored encrypted with
/// ASP.NET Core Data Protection, whose key ring lives in this same database.
public sealed class ProtectedSecret
{
    public required string Name { get; set; }
    public required string ProtectedValue { get; set; }
    public DateTime CreatedAt { get; set; }
}
