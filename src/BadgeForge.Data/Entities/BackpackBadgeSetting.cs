namespace BadgeForge.Data.Entities;

/// <summary>
/// The earner's own choices about one badge in their backpack. A badge without a row is private: nothing is
/// public unless the earner said so. Kept apart from <see cref="Award"/>, which is the issuer's record.
/// </summary>
public sealed class BackpackBadgeSetting
{
    public Guid AccountId { get; set; }
    public required string AwardId { get; set; }
    public bool IsPublic { get; set; }
    public DateTime UpdatedAt { get; set; }
}
