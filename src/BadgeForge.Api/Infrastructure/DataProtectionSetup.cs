using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BadgeForge.Data;
using Microsoft.AspNetCore.DataProtection;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Data Protection encrypts our stored secrets (token signing key, later the issuers' RSA keys). Its key ring lives
/// in the database so every instance shares it. In production the key ring itself is encrypted with a certificate
/// (DataProtection__CertificatePath); without one, the database alone guards it, which is fine for a laptop only.
/// </summary>
public static class DataProtectionSetup
{
    public static void AddBadgeForgeDataProtection(this WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("BadgeForge")
            .PersistKeysToDbContext<BadgeForgeDbContext>();

        var certificatePath = builder.Configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(certificatePath))
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
}
