using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Tests.BulkIssuance;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests;

/// <summary>
/// The key ring that encrypts the issuers' signing keys, as production runs it: real processes, real databases. With
/// a certificate, nothing in the database decrypts a private key; without one, every start says so.
/// </summary>
public sealed class DataProtectionTests
{
    private const string Badge = "initiative-leader@1.0.0/vdp.b.mladi-pobudnik";

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task WithCertificate_KeyRingIsEncryptedInTheDatabase_AndSigningSurvivesARestart(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        using var certificate = new KeyRingCertificate("certificate passphrase");
        string token;
        Guid orgId;
        await using (var first = await ApiProcess.StartAsync(database, certificate.Settings))
        {
            token = await ApiProcess.CreateAdminTokenAsync(database, first, certificate.Settings);
            using var http = first.Client(token);
            orgId = await ApiProcess.CreateOrganisationAsync(http);
            // The first award creates the organisation's signing key, stored protected by the key ring.
            (await AwardAsync(http, orgId, "ana@example.org")).Should().Be(HttpStatusCode.Created);
            first.Output.Should().NotContain(DataProtectionSetup.UnprotectedKeyRingWarning);
        }

        var (keyRing, protectedKeys) = await ReadSecretsAsync(database);
        keyRing.Should().NotBeEmpty().And.OnlyContain(xml => xml.Contains("EncryptedXmlDecryptor", StringComparison.Ordinal),
            "every key of the ring is encrypted with the certificate");
        keyRing.Should().NotContain(xml => xml.Contains("unencrypted form", StringComparison.Ordinal));
        protectedKeys.Should().ContainSingle();
        var protectedKey = protectedKeys[0];
        protectedKey.Should().NotContain("PRIVATE KEY");
        using (var rsa = RSA.Create())
        {
            var asPkcs8 = () => rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(protectedKey), out _);
            asPkcs8.Should().Throw<CryptographicException>("the stored key is ciphertext, not a PKCS#8 private key");
        }

        // A new process with the same certificate decrypts the ring, and with it the organisation's key.
        await using var second = await ApiProcess.StartAsync(database, certificate.Settings);
        using var client = second.Client(token);
        (await AwardAsync(client, orgId, "bor@example.org")).Should().Be(HttpStatusCode.Created);
        second.Output.Should().NotContain(DataProtectionSetup.UnprotectedKeyRingWarning);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task KeyRingEncryptedWithACertificate_StartWithoutItOrWithAnother_IsRefusedAndTheRingIsLeftAlone(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        using var certificate = new KeyRingCertificate("certificate passphrase");
        using var another = new KeyRingCertificate("another passphrase");
        await using (await ApiProcess.StartAsync(database, certificate.Settings))
        {
        }
        var (before, _) = await ReadSecretsAsync(database);
        before.Should().NotBeEmpty();

        var withoutCertificate = await ApiProcess.RunUntilExitAsync(database);
        var withAnother = await ApiProcess.RunUntilExitAsync(database, another.Settings);

        foreach (var (exitCode, output) in new[] { withoutCertificate, withAnother })
        {
            exitCode.Should().NotBe(0);
            // Data Protection logs the failed decryption itself (with its stack trace); the start ends with one
            // line that says what to do.
            output.TrimEnd().Split('\n')[^1].Should().StartWith("BadgeForge cannot start: The Data Protection key ring in the database holds key")
                .And.Contain("DataProtection__CertificatePath");
        }
        var (after, _) = await ReadSecretsAsync(database);
        after.Should().Equal(before, "a refused start writes no new (unencrypted) key into the shared ring");
    }

    [Fact]
    public async Task CertificateWithoutItsPrivateKey_IsRefusedAtStart_BeforeAnyKeyIsWritten()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        using var publicOnly = new KeyRingCertificate("certificate passphrase", withPrivateKey: false);

        var (exitCode, output) = await ApiProcess.RunUntilExitAsync(database, publicOnly.Settings);

        exitCode.Should().NotBe(0);
        output.TrimEnd().Split('\n')[^1].Should().StartWith("BadgeForge cannot start: DataProtection__CertificatePath")
            .And.Contain("without its private key");
    }

    [Fact]
    public async Task WithoutCertificate_ProductionStartWarnsThatTheKeyRingIsUnencrypted()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);

        await using var api = await ApiProcess.StartAsync(database);

        api.Output.Should().Contain(DataProtectionSetup.UnprotectedKeyRingWarning);
    }

    private static async Task<HttpStatusCode> AwardAsync(HttpClient http, Guid orgId, string email) =>
        (await http.PostAsJsonAsync($"/api/organisations/{orgId}/assertions", new { badge = Badge, recipientEmail = email })).StatusCode;

    /// A self-signed PKCS#12 file in the temp folder and the settings that point an instance at it; deleted on dispose.
    private sealed class KeyRingCertificate : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"badgeforge-keyring-{Guid.NewGuid():N}.pfx");

        public KeyRingCertificate(string password, bool withPrivateKey = true)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=BadgeForge test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            using var exported = withPrivateKey ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
            File.WriteAllBytes(_path, (exported ?? certificate).Export(X509ContentType.Pkcs12, password));
            Settings = new Dictionary<string, string?>
            {
                ["DataProtection__CertificatePath"] = _path,
                ["DataProtection__CertificatePassword"] = password,
            };
        }

        public IReadOnlyDictionary<string, string?> Settings { get; }

        public void Dispose() => File.Delete(_path);
    }

    private static async Task<(List<string> KeyRing, List<string> ProtectedKeys)> ReadSecretsAsync(TestDatabase database)
    {
        var services = new ServiceCollection();
        services.AddBadgeForgeData(new DatabaseSettings(database.Provider, database.ConnectionString));
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
        var keyRing = await db.DataProtectionKeys.Select(k => k.Xml ?? "").ToListAsync();
        var protectedKeys = await db.IssuerKeys.Select(k => k.ProtectedPrivateKey).ToListAsync();
        return (keyRing, protectedKeys);
    }
}
