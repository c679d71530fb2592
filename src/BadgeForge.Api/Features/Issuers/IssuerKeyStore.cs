using System.Collections.Concurrent;
using System.Security.Cryptography;
using BadgeForge.Core.Signing;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Issuers;

/// <summary>An organisation's active signing key, decrypted, for signing assertions in this process.</summary>
public sealed record ActiveIssuerKey(Guid KeyId, Guid OrganisationId, RsaSigningKey PrivateKey);

/// <summary>
/// Creates each organisation's signing key once and keeps the active key in memory. Issuing never creates,
/// replaces or reloads a key on its own: the first request for an organisation loads (or, if it has none, creates)
/// the key under a per-organisation task, and concurrent callers await that same task. Across instances the filtered
/// unique index on active keys lets only one creation win; the losers load the winner's key.
/// </summary>
public sealed class IssuerKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const int KeySizeBits = 2048;
    private readonly ConcurrentDictionary<Guid, Lazy<Task<ActiveIssuerKey>>> _active = new();
    private readonly IDataProtector _protector = dataProtection.CreateProtector("BadgeForge.IssuerKeys.v1");

    public Task<ActiveIssuerKey> GetActiveAsync(Guid organisationId)
    {
        var lazy = _active.GetOrAdd(organisationId, id => new Lazy<Task<ActiveIssuerKey>>(() => LoadOrCreateAsync(id)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed load (database down) must not poison the cache for the life of the process.
            _active.TryRemove(new KeyValuePair<Guid, Lazy<Task<ActiveIssuerKey>>>(organisationId, lazy));
        }
        return task;
    }

    /// <summary>Makes a new key active and retires the current one (which stays published).</summary>
    public async Task<IssuerKey> RotateAsync(Guid organisationId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        using var rsa = RsaKeys.Generate(KeySizeBits);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.IssuerKeys.Where(k => k.OrganisationId == organisationId && k.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.IsActive, false).SetProperty(k => k.RetiredAt, now), ct);
        var key = NewKey(organisationId, rsa, now);
        db.IssuerKeys.Add(key);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Verification.OwnDocumentCache.Changed();

        _active[organisationId] = new Lazy<Task<ActiveIssuerKey>>(Task.FromResult(Decrypt(key)));
        return key;
    }

    /// Forgets cached keys so that the next signature reads the active key again (after a rotation elsewhere).
    public void Forget(Guid organisationId) => _active.TryRemove(organisationId, out _);

    private async Task<ActiveIssuerKey> LoadOrCreateAsync(Guid organisationId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var existing = await db.IssuerKeys.AsNoTracking().SingleOrDefaultAsync(k => k.OrganisationId == organisationId && k.IsActive);
        if (existing is not null)
        {
            return Decrypt(existing);
        }

        using var rsa = RsaKeys.Generate(KeySizeBits);
        var key = NewKey(organisationId, rsa, clock.GetUtcNow().UtcDateTime);
        db.IssuerKeys.Add(key);
        try
        {
            await db.SaveChangesAsync();
            Verification.OwnDocumentCache.Changed();
            return Decrypt(key);
        }
        catch (DbUpdateException)
        {
            // Another instance created the organisation's first key at the same moment: use that one.
            db.ChangeTracker.Clear();
            return Decrypt(await db.IssuerKeys.AsNoTracking().SingleAsync(k => k.OrganisationId == organisationId && k.IsActive));
        }
    }

    private IssuerKey NewKey(Guid organisationId, RSA rsa, DateTime now)
    {
        var pkcs8 = rsa.ExportPkcs8PrivateKey();
        try
        {
            return new IssuerKey
            {
                Id = Guid.NewGuid(),
                OrganisationId = organisationId,
                PublicKeyPem = RsaKeys.ExportPublicKeyPem(rsa),
                ProtectedPrivateKey = Convert.ToBase64String(_protector.Protect(pkcs8)),
                IsActive = true,
                CreatedAt = now,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private ActiveIssuerKey Decrypt(IssuerKey key)
    {
        var rsa = RSA.Create();
        var pkcs8 = _protector.Unprotect(Convert.FromBase64String(key.ProtectedPrivateKey));
        try
        {
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        }
        finally
        {
            // The plain private key lives in managed memory only for the import.
            CryptographicOperations.ZeroMemory(pkcs8);
        }
        return new ActiveIssuerKey(key.Id, key.OrganisationId, new RsaSigningKey(rsa));
    }
}
