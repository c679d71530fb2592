using System.ComponentModel.DataAnnotations;

namespace BadgeForge.Api.Features.Auth;

/// Configuration section "Auth". Validated at start-up.
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// Token audience; the issuer is always PublicBaseUrl.
    [Required]
    public string Audience { get; set; } = "badgeforge-api";

    [Range(1, 120)]
    public int AccessTokenMinutes { get; set; } = 15;

    [Range(1, 90)]
    public int RefreshTokenDays { get; set; } = 14;

    /// Optional base64 HMAC key of at least 32 bytes. When absent, a key is generated once and stored
    /// encrypted in the database (Data Protection), so several instances share it.
    public string? SigningKey { get; set; }

    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// Optional external OpenID Connect authority (Keycloak, Entra ID) whose access tokens are accepted too.
    public ExternalAuthorityOptions External { get; set; } = new();
}

/// <summary>
/// Section "Auth:External". When <see cref="Authority"/> is set, access tokens issued by that OpenID Connect provider
/// are accepted as well as BadgeForge's own. They map to the BadgeForge account with the token's email, whose roles
/// an organisation admin gives as usual: the provider proves who someone is, BadgeForge decides what they may do.
/// </summary>
public sealed class ExternalAuthorityOptions
{
    /// Issuer URL, e.g. https://keycloak.example.org/realms/ngo (its /.well-known/openid-configuration is read).
    public string? Authority { get; set; }

    /// The audience the provider puts in tokens for BadgeForge.
    public string? Audience { get; set; }

    /// The claim that carries the person's email.
    public string EmailClaim { get; set; } = "email";

    /// Metadata over plain http is for development only.
    public bool RequireHttpsMetadata { get; set; } = true;
}
