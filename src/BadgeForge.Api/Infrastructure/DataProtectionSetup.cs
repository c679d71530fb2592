using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BadgeForge.Data;
using Microsoft.AspNetCore.DataProtection;

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
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, builder.Configuration["DataProtection:CertificatePassword"]);
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"DataProtection__CertificatePath '{certificatePath}' cannot be loaded as a PKCS#12 certificate: {e.Message}");
        }
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

    private static string? CertificatePath(IConfiguration configuration) =>
        configuration["DataProtection:CertificatePath"] is { } path && !string.IsNullOrWhiteSpace(path) ? path : null;
}
