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
}
