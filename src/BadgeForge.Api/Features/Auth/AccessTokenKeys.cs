using System.Security.Cryptography;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BadgeForge.Api.Features.Auth;

/// <summary>
/// The HMAC key that signs and validates our access tokens. Loaded once at start-up: from configuration, or
/// generated once and kept in the database encrypted with Data Protection (never in the repo, never logged).
/// </summary>
public sealed class AccessTokenKeys(IOptions<AuthOptions> options, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private const string SecretName = "access-token-signing-key";
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Current =>
        _key ?? throw new InvalidOperationException("Access token keys are read during start-up, before requests are served.");

    public async Task InitializeAsync(BadgeForgeDbContext db, CancellationToken ct)
    {
        if (_key is not null)
        {
            return;
        }
        var configured = options.Value.SigningKey;
        byte[] keyBytes;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                keyBytes = Convert.FromBase64String(configured);
            }
            catch (FormatException)
            {
                throw new StartupException("Auth__SigningKey is not valid base64: generate one with 'openssl rand -base64 32'.");
            }
            if (keyBytes.Length < 32)
            {
                throw new StartupException("Auth__SigningKey is shorter than 32 bytes: generate one with 'openssl rand -base64 32'.");
            }
        }
        else
        {
            keyBytes = await LoadOrCreateAsync(db, ct);
        }
        _key = new SymmetricSecurityKey(keyBytes) { KeyId = Convert.ToHexString(SHA256.HashData(keyBytes))[..16].ToLowerInvariant() };
    }

    private async Task<byte[]> LoadOrCreateAsync(BadgeForgeDbContext db, CancellationToken ct)
    {
        var protector = dataProtection.CreateProtector("BadgeForge.AccessTokenKeys.v1");
        var existing = await db.ProtectedSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == SecretName, ct);
        if (existing is not null)
        {
            return protector.Unprotect(Convert.FromBase64String(existing.ProtectedValue));
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        db.ProtectedSecrets.Add(new ProtectedSecret
        {
            Name = SecretName,
            ProtectedValue = Convert.ToBase64String(protector.Protect(fresh)),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh;
        }
        catch (DbUpdateException)
        {
            // Another instance created the key first: use theirs, so tokens validate on every instance.
            db.ChangeTracker.Clear();
            var winner = await db.ProtectedSecrets.AsNoTracking().SingleAsync(s => s.Name == SecretName, ct);
            return protector.Unprotect(Convert.FromBase64String(winner.ProtectedValue));
        }
    }
}
