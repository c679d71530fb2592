using System.Collections.Concurrent;
using System.Security.Cryptography;
using BadgeForge.Core.Signing;

namespace BadgeForge.Core.Verification;

/// <summary>
/// Imported RSA public keys by their PEM, so that verifying many signatures of the same key does not parse and import
/// it each time. Each instance is used by one verification at a time (rented, then returned); the signature itself is
/// still checked every time. Bounded: at most <see cref="MaxKeys"/> PEMs with <see cref="MaxPerKey"/> instances each,
/// so arbitrary keys in submitted JWS cannot grow it without limit (beyond that, keys are imported and disposed).
/// </summary>
internal sealed class PublicKeyPool
{
    private const int MaxKeys = 256;
    private const int MaxPerKey = 8;

    private readonly ConcurrentDictionary<string, ConcurrentBag<RSA>> _pool = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">As <see cref="RsaKeys.ImportPublicKeyPem"/>.</exception>
    public RSA Rent(string pem) =>
        _pool.TryGetValue(pem, out var bag) && bag.TryTake(out var rsa) ? rsa : RsaKeys.ImportPublicKeyPem(pem);

    public void Return(string pem, RSA rsa)
    {
        var bag = _pool.TryGetValue(pem, out var existing) ? existing
            : _pool.Count < MaxKeys ? _pool.GetOrAdd(pem, _ => []) : null;
        if (bag is null || bag.Count >= MaxPerKey)
        {
            rsa.Dispose();
            return;
        }
        bag.Add(rsa);
    }
}
