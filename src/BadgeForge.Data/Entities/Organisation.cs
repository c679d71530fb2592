using BadgeForge.Core;

namespace BadgeForge.Data.Entities;

/// An issuing organisation (an NGO, a school). It becomes an Open Badges issuer Profile.
public sealed class Organisation
{
    public Guid Id { get; set; }

    /// Short, URL-safe and unique: used in public issuer URLs, so it never changes once set.
    public required string Slug { get; set; }

    public required LocalizedText Name { get; set; }
    public required LocalizedText Description { get; set; }
    public required string Url { get; set; }
    public required string Email { get; set; }
    public string? LogoUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<Membership> Memberships { get; set; } = [];
}
