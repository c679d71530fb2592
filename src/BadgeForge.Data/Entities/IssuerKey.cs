namespace BadgeForge.Data.Entities;

/// <summary>
/// An organisation's RSA signing key for Open Badges. The private key is stored only encrypted (Data Protection);
/// the public key stays published after rotation so that everything it signed stays verifiable.
/// </summary>
public sealed class IssuerKey
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public required string PublicKeyPem { get; set; }

    /// PKCS#8, encrypted with Data Protection, base64.
    public required string ProtectedPrivateKey { get; set; }

    /// At most one active key per organisation (a filtered unique index), so concurrent first issuances cannot create two.
    public bool IsActive { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
}
