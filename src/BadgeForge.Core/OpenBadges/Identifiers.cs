using System.Buffers.Text;
using System.Security.Cryptography;

namespace BadgeForge.Core.OpenBadges;

/// <summary>Unguessable identifiers for URLs and documents.</summary>
public static class Identifiers
{
    /// <summary>Number of random bytes in <see cref="NewUrlSafeId"/> (160 bits, above the 128-bit floor).</summary>
    public const int RandomIdBytes = 20;

    /// <summary>
    /// A new random id of <see cref="RandomIdBytes"/> bytes from the OS CSPRNG, base64url without padding
    /// (27 characters of <c>[A-Za-z0-9_-]</c>), usable as a URL path segment without escaping. Hosted assertion URLs
    /// are public, so their id must not be enumerable.
    /// </summary>
    public static string NewUrlSafeId()
    {
        Span<byte> bytes = stackalloc byte[RandomIdBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// A new <c>urn:uuid:</c> IRI with a random (version 4) UUID in lower case, the id SPEC recommends for signed
    /// assertions; it matches PYV's <c>URN_REGEX</c> (CHECKLIST §1 "IRI", §4).
    /// </summary>
    public static string NewUrnUuid() => "urn:uuid:" + Guid.NewGuid().ToString("D");
}
