using System.Security.Cryptography;

namespace BadgeForge.Core.Signing;

/// <summary>RSA key material for RS256 signing of OB 2.0 signed assertions.</summary>
public static class RsaKeys
{
    /// <summary>The smallest accepted modulus size. RS256 with shorter keys is rejected by JOSE (RFC 7518 §3.3).</summary>
    public const int MinimumKeySizeBits = 2048;

    /// <summary>Generates a new RSA key pair of <paramref name="keySizeBits"/> bits (2048 by default, CHECKLIST §10).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is below <see cref="MinimumKeySizeBits"/>.</exception>
    public static RSA Generate(int keySizeBits = MinimumKeySizeBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keySizeBits, MinimumKeySizeBits);
        return RSA.Create(keySizeBits);
    }

    /// <summary>
    /// The public key as a SubjectPublicKeyInfo PEM (<c>-----BEGIN PUBLIC KEY-----</c>, LF line breaks, trailing LF),
    /// the format of <c>CryptographicKey.publicKeyPem</c>: PYV imports it with <c>RSA.import_key</c> and JAVAV parses
    /// X.509 SPKI (CHECKLIST §2.11). Never the PKCS#1 "BEGIN RSA PUBLIC KEY" form.
    /// </summary>
    public static string ExportPublicKeyPem(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportSubjectPublicKeyInfoPem().ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Imports a SubjectPublicKeyInfo PEM produced by <see cref="ExportPublicKeyPem"/>.</summary>
    /// <exception cref="ArgumentException">The text holds no public-key PEM block, or the key is shorter than 2048 bits.</exception>
    public static RSA ImportPublicKeyPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected a SubjectPublicKeyInfo PEM (BEGIN PUBLIC KEY).", nameof(pem));
        }
        return Import(pem);
    }

    /// <summary>
    /// The private key as unencrypted PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>). The caller is responsible for
    /// protecting it at rest (e.g. ASP.NET Core Data Protection in the web layer).
    /// </summary>
    public static string ExportPrivateKeyPem(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportPkcs8PrivateKeyPem().ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Imports a PKCS#8 (<c>BEGIN PRIVATE KEY</c>) or PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>) PEM.</summary>
    /// <exception cref="ArgumentException">No private-key PEM block, or the key is shorter than 2048 bits.</exception>
    public static RSA ImportPrivateKeyPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected a private key PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY).", nameof(pem));
        }
        return Import(pem);
    }

    private static RSA Import(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new ArgumentException("The PEM does not contain a readable RSA key: " + ex.Message, nameof(pem), ex);
        }
        if (rsa.KeySize < MinimumKeySizeBits)
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            throw new ArgumentException($"RSA key of {size} bits is below the {MinimumKeySizeBits}-bit minimum.", nameof(pem));
        }
        return rsa;
    }
}
