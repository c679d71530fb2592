namespace BadgeForge.Data.Entities;

/// A rotating refresh token. Only its SHA-256 hash is stored; the token itself is shown to the client once.
/// Every rotation stays in the same family, so reuse of a rotated token can revoke the whole family.
public sealed class RefreshToken
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid FamilyId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public Guid? ReplacedById { get; set; }
}
