using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BadgeForge.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Data Protection encrypts our stored secrets (the token signing key, the issuers' RSA keys). Its key ring lives
/// in the database so every instance shares it. In production the key ring itself is encrypted with a certificate
/// (DataProtection__CertificatePath); without one, the database alone guards it, which is fine for a laptop only,
/// and a production start says so in a warning (<see cref="WarnIfKeyRingUnprotected"/>).
/// </summary>
public static class DataProtectionSetup
{
    public const string UnprotectedKeyRingWarning =
        "The Data Protection key ring is stored unencrypted in the database: anyone with a copy of the database can decrypt " +
        "the issuers' signing keys and the token signing key with it. Set DataProtection__CertificatePath (and " +
        "DataProtection__CertificatePassword) to a PKCS#12 certificate kept outside the database.";

    public static void AddBadgeForgeDataProtection(this WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("BadgeForge")
            .PersistKeysToDbContext<BadgeForgeDbContext>();

        if (CertificatePath(builder.Configuration) is not { } certificatePath)
        {
            return;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, builder.Configuration["DataProtection:CertificatePassword"]);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"DataProtection__CertificatePath '{certificatePath}' cannot be loaded as a PKCS#12 certificate: {e.Message}");
        }
        if (!certificate.HasPrivateKey)
        {
            // Data Protection would encrypt new keys with it and never decrypt them: the next start would be refused.
            throw new StartupException(
                $"DataProtection__CertificatePath '{certificatePath}' holds a certificate without its private key: the key ring could be encrypted with it but never decrypted. Export it with its private key (PKCS#12).");
        }
        dataProtection.ProtectKeysWithCertificate(certificate);
    }

    /// <summary>
    /// In production, a warning at every start while the key ring has no certificate: ASP.NET Core's own warning
    /// appears only once, when a key is created, and does not say what is at stake or what to set.
    /// </summary>
    public static void WarnIfKeyRingUnprotected(this WebApplication app)
    {
        if (app.Environment.IsProduction() && CertificatePath(app.Configuration) is null)
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataProtectionSetup)).LogWarning(UnprotectedKeyRingWarning);
        }
    }

    /// <summary>
    /// Refuses to start when the key ring holds a key this instance cannot decrypt: it was started without the
    /// certificate the ring is encrypted with, or with another one. Left alone, Data Protection would set that key
    /// aside and write a new one (unencrypted, when no certificate is set) into the shared ring, and every secret
    /// protected with the old key (the issuers' signing keys among them) would fail at its first use. Called after
    /// migrations, before anything protects or unprotects.
    /// </summary>
    public static void EnsureKeyRingReadable(IServiceProvider services)
    {
        foreach (var key in services.GetRequiredService<IKeyManager>().GetAllKeys().Where(k => !k.IsRevoked))
        {
            try
            {
                _ = key.Descriptor;
            }
            catch (CryptographicException e)
            {
                throw new StartupException(
                    $"The Data Protection key ring in the database holds key {key.KeyId} (created {key.CreationDate:yyyy-MM-dd}), which this " +
                    $"instance cannot decrypt: {e.Message} Start it with the certificate the key ring was encrypted with " +
                    "(DataProtection__CertificatePath and DataProtection__CertificatePassword): without it the stored signing keys cannot be decrypted.");
            }
        }
    }

    private static string? CertificatePath(IConfiguration configuration) =>
        configuration["DataProtection:CertificatePath"] is { } path && !string.IsNullOrWhiteSpace(path) ? path : null;
}
