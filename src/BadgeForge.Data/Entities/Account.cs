namespace BadgeForge.Data.Entities;

/// A person who signs in. Roles within organisations are <see cref="Membership"/> rows;
/// platform administration is a flag because it belongs to no organisation.
public sealed class Account
{
    public Guid Id { get; set; }

    /// Normalised (trimmed, lower-case) so that look-ups and uniqueness are case-insensitive on both providers.
    public required string Email { get; set; }

    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }

    /// Set for generated passwords: such an account can do nothing but change its password.
    public bool MustChangePassword { get; set; }

    public bool IsPlatformAdmin { get; set; }
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string PreferredLanguage { get; set; } = "sl";
    public DateTime CreatedAt { get; set; }

    public List<Membership> Memberships { get; set; } = [];
}
