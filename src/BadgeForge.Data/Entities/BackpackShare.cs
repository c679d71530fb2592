namespace BadgeForge.Data.Entities;

/// <summary>
/// A link an earner made to show one badge to someone (an employer, a school): /shared/{Token}, expiring, revocable,
/// disclosing the name and the evidence only when the earner chose so. The token is stored as is because the earner
/// lists their links again; it grants read access to one public page and nothing else.
/// </summary>
public sealed class BackpackShare
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string AwardId { get; set; }
    public required string Token { get; set; }
    public bool ShowName { get; set; }
    public bool ShowEvidence { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
