using System.Security.Claims;

namespace BadgeForge.Api.Features.Auth;

/// Claim names in our access tokens (inbound claim mapping is off, so they arrive as written).
public static class BadgeForgeClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string Name = "name";

    /// Present while the account still has a generated password.
    public const string PasswordChangeRequired = "pwd_change";

    public static Guid? AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Subject), out var id) ? id : null;
}
