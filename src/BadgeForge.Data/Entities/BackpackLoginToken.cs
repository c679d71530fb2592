namespace BadgeForge.Data.Entities;

/// <summary>
/// A one-time sign-in link sent to an earner's email. Only the SHA-256 of the token is stored, so a copy of the
/// database cannot be used to sign in. Rows also serve as the per-email rate-limit record (they are counted per hour),
/// which is why they are kept after use instead of being deleted.
/// </summary>
public sealed class BackpackLoginToken
{
    public Guid Id { get; set; }

    /// Normalised email the link was sent to; the account is found (or created) by it on exchange.
    public required string Email { get; set; }

    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// Set when the link is exchanged; a link works once.
    public DateTime? UsedAt { get; set; }
}
