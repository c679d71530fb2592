using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Signing;
using BenchmarkDotNet.Attributes;

namespace BadgeForge.Benchmarks;

/// <summary>
/// Issue requirement: building and signing an assertion reaches at least 90 % of the raw RSA-2048 signing rate of the
/// same machine on one thread. The baseline is that ceiling: RS256 over exactly the bytes the JWS signs, so the ratio
/// shows only what Core adds (JSON building, validation, base64url, string assembly).
/// </summary>
[MemoryDiagnoser]
public class AssertionSigningBenchmarks
{
    private RSA _key = null!;
    private BadgeAssertion _assertion = null!;
    private byte[] _signingInput = null!;

    /// <summary>A realistic signed assertion: hashed e-mail recipient, expiry, evidence and narrative with diacritics.</summary>
    public static BadgeAssertion SampleAssertion()
    {
        const string origin = "https://badges.example.org";
        var issuedOn = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        return new BadgeAssertion(
            "urn:uuid:2f0f3c8e-0c4e-4b8a-9a7e-6d7c1f1e9b10",
            RecipientIdentity.ForEmail("alice@example.org", "deadsea"),
            new Uri(origin + "/badgeclasses/42"),
            AssertionVerification.Signed(new Uri(origin + "/issuers/1/keys/1")),
            issuedOn)
        {
            Expires = issuedOn.AddYears(1),
            Evidence = [new BadgeEvidence(new Uri("https://example.org/work/1"), "Zvar na vzorcu A.")],
            Narrative = "Preizkus opravljen z odliko: samostojno varjenje MIG/MAG, čist in enakomeren zvar.",
        };
    }

    [GlobalSetup]
    public void Setup()
    {
        _key = RsaKeys.Generate();
        _assertion = SampleAssertion();
        var payload = OpenBadgesDocuments.Assertion(_assertion);
        _signingInput = Encoding.ASCII.GetBytes(
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Jws.ProtectedHeaderJson)) + "." + Base64Url.EncodeToString(payload));
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    /// <summary>(a) The ceiling: raw RSASSA-PKCS1-v1_5 SHA-256 with a 2048-bit key over an assertion-sized JWS input.</summary>
    [Benchmark(Baseline = true, Description = "a) raw RSA-2048 RS256 SignData")]
    public byte[] RawRsaSign() => _key.SignData(_signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>(b) End to end: build the assertion JSON and sign it as a compact JWS.</summary>
    [Benchmark(Description = "b) Assertion JSON + Jws.Sign")]
    public string BuildAndSign() => Jws.Sign(OpenBadgesDocuments.Assertion(_assertion), _key);
}
