using System.Security.Cryptography;
using System.Text;

namespace BadgeForge.Core.OpenBadges;

/// <summary>
/// A hashed, salted e-mail recipient: the OB 2.0 IdentityObject
/// <c>{"type":"email","hashed":true,"salt":…,"identity":"sha256$…"}</c> (CHECKLIST §2.4).
/// </summary>
/// <param name="Identity">The identity hash, <c>sha256$</c> followed by 64 lower-case hex digits.</param>
/// <param name="Salt">The salt appended to the e-mail before hashing.</param>
public sealed record RecipientIdentity(string Identity, string Salt)
{
    /// <summary>Bytes of randomness in <see cref="NewSalt"/> (128 bits).</summary>
    public const int SaltBytes = 16;

    private const string Sha256Prefix = "sha256$";

    /// <summary>
    /// Hashes <paramref name="email"/> with <paramref name="salt"/>: the e-mail is normalised first
    /// (<see cref="NormalizeEmail"/>), then <c>"sha256$" + hex(SHA-256(UTF-8(email + salt)))</c>: plain concatenation,
    /// identity first, no separator (SPEC "IdentityHash"; PYV utils.py identity_hash).
    /// </summary>
    /// <exception cref="ArgumentException">The e-mail is not of the form <c>local@domain</c> or the salt is empty.</exception>
    public static RecipientIdentity ForEmail(string email, string salt)
    {
        ArgumentException.ThrowIfNullOrEmpty(salt);
        var normalized = NormalizeEmail(email);
        return new RecipientIdentity(Sha256Prefix + HexSha256(normalized + salt), salt);
    }

    /// <summary>Hashes <paramref name="email"/> with a fresh salt from <see cref="NewSalt"/>.</summary>
    public static RecipientIdentity ForEmail(string email) => ForEmail(email, NewSalt());

    /// <summary>
    /// Trims and lower-cases (invariant culture) an e-mail address. SPEC does not prescribe normalisation, and a
    /// verifier hashes the exact string it is given, so BadgeForge normalises at issuance and documents that
    /// recipients must present the address in lower case (CHECKLIST §2.4 note).
    /// </summary>
    /// <exception cref="ArgumentException">The value is not of the form <c>local@domain</c> without spaces.</exception>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return TryNormalizeEmail(email, out var normalized)
            ? normalized
            : throw new ArgumentException($"'{email}' is not an e-mail address.", nameof(email));
    }

    /// <summary>
    /// The normalised form (trimmed, lower-case invariant) of <paramref name="email"/>, or false when it is not an e-mail
    /// address by the rule the 1EdTech validator applies (one '@', no whitespace). Callers that take addresses from
    /// people use this to refuse them politely instead of catching exceptions.
    /// </summary>
    /// <param name="email">The address as given.</param>
    /// <param name="normalized">The normalised address, or empty.</param>
    public static bool TryNormalizeEmail(string? email, out string normalized)
    {
        normalized = email?.Trim().ToLowerInvariant() ?? "";
        if (OpenBadgesGuard.IsEmail(normalized))
        {
            return true;
        }
        normalized = "";
        return false;
    }

    /// <summary>A fresh random salt: <see cref="SaltBytes"/> bytes from the OS CSPRNG as 32 lower-case hex digits.</summary>
    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SaltBytes));

    /// <summary>
    /// Whether <paramref name="email"/> (normalised the same way) hashes to <see cref="Identity"/>. The comparison is
    /// case-insensitive on the hex digits (PYV lower-cases) and constant-time.
    /// </summary>
    public bool Matches(string email)
    {
        string normalized;
        try
        {
            normalized = NormalizeEmail(email);
        }
        catch (ArgumentException)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sha256Prefix + HexSha256(normalized + Salt));
        var actual = Encoding.ASCII.GetBytes(Identity.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static string HexSha256(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
