using System.Security.Claims;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BadgeForge.Api.Features.Auth;

/// <summary>Mints access tokens and rotates refresh tokens.</summary>
public sealed class TokenService(
    BadgeForgeDbContext db,
    AccessTokenKeys keys,
    PublicUrls urls,
    IOptions<AuthOptions> options,
    TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// Issues a new token pair; <paramref name="familyId"/> continues a rotation chain, null starts one (a sign-in).
    public Task<TokenResponse> IssueAsync(Account account, Guid? familyId, CancellationToken ct) =>
        IssueAsync(account, familyId, Guid.NewGuid(), ct);

    private async Task<TokenResponse> IssueAsync(Account account, Guid? familyId, Guid refreshTokenId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var accessExpires = now.AddMinutes(options.Value.AccessTokenMinutes);
        var claims = new Dictionary<string, object>
        {
            [BadgeForgeClaims.Subject] = account.Id.ToString(),
            [BadgeForgeClaims.Email] = account.Email,
            [BadgeForgeClaims.Name] = account.DisplayName,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (account.MustChangePassword)
        {
            claims[BadgeForgeClaims.PasswordChangeRequired] = "true";
        }
        var accessToken = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = urls.BaseUrl,
            Audience = options.Value.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = accessExpires,
            SigningCredentials = new SigningCredentials(keys.Current, SecurityAlgorithms.HmacSha256),
        });

        var refreshToken = SecretTokens.New();
        var refreshExpires = now.AddDays(options.Value.RefreshTokenDays);
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = refreshTokenId,
            AccountId = account.Id,
            FamilyId = familyId ?? Guid.NewGuid(),
            TokenHash = SecretTokens.Hash(refreshToken),
            CreatedAt = now,
            ExpiresAt = refreshExpires,
        });
        await db.SaveChangesAsync(ct);

        return new TokenResponse(accessToken, "Bearer", options.Value.AccessTokenMinutes * 60, refreshToken, refreshExpires, account.MustChangePassword);
    }

    /// <summary>
    /// Exchanges a refresh token for a new pair. A token is good once: presenting an already rotated token means it
    /// leaked, so its whole family is revoked and the legitimate holder has to sign in again.
    /// </summary>
    public async Task<TokenResponse?> RotateAsync(string presented, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = SecretTokens.Hash(presented);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || token.ExpiresAt <= now)
        {
            return null;
        }

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == token.AccountId, ct);
        if (account is null || account.LockedUntil > now)
        {
            return null;
        }

        // The conditional update is the lock: of two concurrent refreshes with one token, only one wins. It records
        // the successor's id at the same time, so the chain can be followed without reading anything back.
        var replacementId = Guid.NewGuid();
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.ReplacedById, replacementId), ct);
        if (claimed == 0)
        {
            await RevokeFamilyAsync(token.FamilyId, now, ct);
            return null;
        }
        return await IssueAsync(account, token.FamilyId, replacementId, ct);
    }

    public Task<int> RevokeAllAsync(Guid accountId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.RefreshTokens.Where(t => t.AccountId == accountId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    private Task<int> RevokeFamilyAsync(Guid familyId, DateTime now, CancellationToken ct) =>
        db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
}

/// <summary>A token pair. The refresh token is shown only here; the server keeps only its hash.</summary>
/// <param name="AccessToken">JWT for the Authorization header.</param>
/// <param name="TokenType">Always "Bearer".</param>
/// <param name="ExpiresIn">Access token lifetime in seconds.</param>
/// <param name="RefreshToken">One-time token for POST /api/auth/refresh.</param>
/// <param name="RefreshTokenExpiresAt">When the refresh token stops working (UTC).</param>
/// <param name="MustChangePassword">True while the password is a generated one; only POST /api/auth/password works until then.</param>
public sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    string RefreshToken,
    DateTime RefreshTokenExpiresAt,
    bool MustChangePassword);

internal static class ClaimsPrincipalAccess
{
    public static Guid RequiredAccountId(this ClaimsPrincipal user) =>
        user.AccountId() ?? throw new InvalidOperationException("An authorized endpoint ran without an account id claim.");
}
