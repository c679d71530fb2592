using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Signing;

namespace BadgeForge.Core.Tests.OpenBadges;

public sealed class JwsTests : IDisposable
{
    private readonly RSA _key = RsaKeys.ImportPrivateKeyPem(File.ReadAllText(TestSupport.FixturePath("test-rsa-2048.pem")));
    private readonly byte[] _payload = OpenBadgesDocuments.Assertion(TestSupport.SignedAssertion());

    public void Dispose() => _key.Dispose();

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Sign_ThenVerify_ReturnsTheExactPayload()
    {
        var jws = Jws.Sign(_payload, _key);

        var result = Jws.Verify(jws, _key);

        result.IsValid.Should().BeTrue(result.Message);
        result.Failure.Should().Be(JwsFailure.None);
        result.Payload.Should().Equal(_payload);
    }

    [Fact]
    public void Sign_Always_UsesExactlyTheRs256HeaderAndNoWhitespace()
    {
        var jws = Jws.Sign(_payload, _key);

        jws.Split('.').Should().HaveCount(3);
        jws.Split('.')[0].Should().Be("eyJhbGciOiJSUzI1NiJ9");
        Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jws.Split('.')[0])).Should().Be("""{"alg":"RS256"}""");
        jws.Should().MatchRegex("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$");
    }

    [Fact]
    public void Sign_FixtureKeyAndPayload_EqualsJwsProducedByOpensslCli()
    {
        var payload = File.ReadAllBytes(TestSupport.FixturePath("golden-payload.json"));
        var expected = File.ReadAllText(TestSupport.FixturePath("golden-payload.jws")).Trim();

        Jws.Sign(payload, _key).Should().Be(expected);
    }

    [Fact]
    public void Verify_TamperedPayload_FailsWithInvalidSignature()
    {
        var parts = Jws.Sign(_payload, _key).Split('.');
        var tampered = Encoding.UTF8.GetString(_payload).Replace("deadsea", "deadsed", StringComparison.Ordinal);

        var result = Jws.Verify($"{parts[0]}.{B64(tampered)}.{parts[2]}", _key);

        result.IsValid.Should().BeFalse();
        result.Failure.Should().Be(JwsFailure.InvalidSignature);
        result.Payload.Should().BeNull();
    }

    [Fact]
    public void Verify_TamperedHeader_FailsWithInvalidSignature()
    {
        var parts = Jws.Sign(_payload, _key).Split('.');

        var result = Jws.Verify($"{B64("""{"alg":"RS256","kid":"x"}""")}.{parts[1]}.{parts[2]}", _key);

        result.Failure.Should().Be(JwsFailure.InvalidSignature);
    }

    [Fact]
    public void Verify_TamperedSignature_FailsWithInvalidSignature()
    {
        var parts = Jws.Sign(_payload, _key).Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[10] ^= 0x01;

        var result = Jws.Verify($"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}", _key);

        result.Failure.Should().Be(JwsFailure.InvalidSignature);
    }

    [Fact]
    public void Verify_TruncatedSignature_FailsWithInvalidSignature()
    {
        var parts = Jws.Sign(_payload, _key).Split('.');

        var result = Jws.Verify($"{parts[0]}.{parts[1]}.{parts[2][..40]}", _key);

        result.Failure.Should().Be(JwsFailure.InvalidSignature);
    }

    [Fact]
    public void Verify_WrongKey_FailsWithInvalidSignature()
    {
        using var other = RsaKeys.Generate();

        var result = Jws.Verify(Jws.Sign(_payload, _key), other);

        result.Failure.Should().Be(JwsFailure.InvalidSignature);
    }

    [Theory]
    [InlineData("""{"alg":"none"}""")]
    [InlineData("""{"alg":"HS256"}""")]
    [InlineData("""{"alg":"RS512"}""")]
    [InlineData("""{"alg":"PS256"}""")]
    [InlineData("""{"alg":"rs256"}""")]
    [InlineData("""{"alg":null}""")]
    [InlineData("""{"typ":"JWT"}""")]
    public void Verify_AlgOtherThanRs256_FailsWithUnsupportedAlgorithm(string header)
    {
        var parts = Jws.Sign(_payload, _key).Split('.');

        var result = Jws.Verify($"{B64(header)}.{parts[1]}.{parts[2]}", _key);

        result.Failure.Should().Be(JwsFailure.UnsupportedAlgorithm);
        result.Message.Should().Contain("RS256");
    }

    [Fact]
    public void Verify_AlgNoneWithEmptySignature_IsRejected()
    {
        var result = Jws.Verify($"{B64("""{"alg":"none"}""")}.{Base64Url.EncodeToString(_payload)}.", _key);

        result.IsValid.Should().BeFalse();
        result.Failure.Should().Be(JwsFailure.Malformed);
    }

    [Fact]
    public void Verify_Hs256SignedWithPublicKeyPem_FailsWithUnsupportedAlgorithm()
    {
        // The classic key-confusion attack: an HMAC "signed" with the public key the verifier knows.
        var signingInput = $"{B64("""{"alg":"HS256"}""")}.{Base64Url.EncodeToString(_payload)}";
        var mac = HMACSHA256.HashData(Encoding.ASCII.GetBytes(RsaKeys.ExportPublicKeyPem(_key)), Encoding.ASCII.GetBytes(signingInput));

        var result = Jws.Verify($"{signingInput}.{Base64Url.EncodeToString(mac)}", _key);

        result.Failure.Should().Be(JwsFailure.UnsupportedAlgorithm);
    }

    [Fact]
    public void Verify_CritHeader_FailsWithUnsupportedHeader()
    {
        var parts = Jws.Sign(_payload, _key).Split('.');

        var result = Jws.Verify($"{B64("""{"alg":"RS256","crit":["exp"]}""")}.{parts[1]}.{parts[2]}", _key);

        result.Failure.Should().Be(JwsFailure.UnsupportedHeader);
    }

    [Fact]
    public void Verify_DuplicateAlgMember_FailsWithInvalidHeader()
    {
        var parts = Jws.Sign(_payload, _key).Split('.');

        var result = Jws.Verify($"{B64("""{"alg":"RS256","alg":"none"}""")}.{parts[1]}.{parts[2]}", _key);

        result.Failure.Should().Be(JwsFailure.InvalidHeader);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9..c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9=.e30.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2+n")]
    [InlineData(" eyJhbGciOiJSUzI1NiJ9.e30.c2ln")]
    public void Verify_NotCompactSerialization_FailsWithMalformed(string jws)
    {
        Jws.Verify(jws, _key).Failure.Should().Be(JwsFailure.Malformed);
    }

    [Fact]
    public void Verify_HeaderNotJson_FailsWithInvalidHeader()
    {
        var parts = Jws.Sign(_payload, _key).Split('.');

        Jws.Verify($"{B64("alg=RS256")}.{parts[1]}.{parts[2]}", _key).Failure.Should().Be(JwsFailure.InvalidHeader);
    }

    [Fact]
    public void Verify_KeyShorterThan2048Bits_FailsWithWeakKey()
    {
        using var weak = RSA.Create(1024);

        Jws.Verify(Jws.Sign(_payload, _key), weak).Failure.Should().Be(JwsFailure.WeakKey);
    }

    [Fact]
    public void Sign_KeyShorterThan2048Bits_Throws()
    {
        using var weak = RSA.Create(1024);

        var act = () => Jws.Sign(_payload, weak);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Sign_PayloadNotJsonObject_Throws()
    {
        var act = () => Jws.Sign("[1,2]"u8, _key);

        act.Should().Throw<ArgumentException>().WithMessage("*JSON object*");
    }

    [Fact]
    public void ExportPublicKeyPem_Always_IsSpkiPemWithTrailingNewline()
    {
        var pem = RsaKeys.ExportPublicKeyPem(_key);

        pem.Should().StartWith("-----BEGIN PUBLIC KEY-----\n").And.EndWith("-----END PUBLIC KEY-----\n");
        pem.Should().NotContain("\r").And.NotContain("PRIVATE");
    }

    [Fact]
    public void Jws_VerifiedManuallyWithOnlyTheExportedPem_IsValid()
    {
        // Independent of Jws.Verify: a fresh RSA from the published PEM checks RS256 over "header.payload".
        var jws = Jws.Sign(_payload, _key);
        var pem = RsaKeys.ExportPublicKeyPem(_key);
        using var fresh = RSA.Create();
        fresh.ImportFromPem(pem);
        var lastDot = jws.LastIndexOf('.');

        fresh.VerifyData(Encoding.ASCII.GetBytes(jws[..lastDot]), Base64Url.DecodeFromChars(jws.AsSpan(lastDot + 1)),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).Should().BeTrue();
    }

    [Fact]
    public void Jws_VerifiedByOpensslCliWithOnlyTheExportedPem_IsValid()
    {
        var openssl = TestSupport.FindOnPath("openssl");
        if (openssl is null)
        {
            // The manual check above covers this case; the CLI is an extra, fully independent implementation.
            return;
        }
        var jws = Jws.Sign(_payload, _key);
        var lastDot = jws.LastIndexOf('.');
        var dir = TestSupport.TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "pub.pem"), RsaKeys.ExportPublicKeyPem(_key));
            File.WriteAllBytes(Path.Combine(dir, "sig.bin"), Base64Url.DecodeFromChars(jws.AsSpan(lastDot + 1)));
            File.WriteAllBytes(Path.Combine(dir, "data"), Encoding.ASCII.GetBytes(jws[..lastDot]));

            var (exitCode, stdout, stderr) = TestSupport.Run(openssl, "dgst", "-sha256", "-verify", Path.Combine(dir, "pub.pem"),
                "-signature", Path.Combine(dir, "sig.bin"), Path.Combine(dir, "data"));

            exitCode.Should().Be(0, stderr);
            stdout.Should().Contain("Verified OK");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ImportPrivateKeyPem_WeakKey_Throws()
    {
        using var weak = RSA.Create(1024);

        var act = () => RsaKeys.ImportPrivateKeyPem(weak.ExportPkcs8PrivateKeyPem());

        act.Should().Throw<ArgumentException>().WithMessage("*2048*");
    }

    [Fact]
    public void ImportPublicKeyPem_ExportedPem_RoundTripsAndVerifies()
    {
        using var imported = RsaKeys.ImportPublicKeyPem(RsaKeys.ExportPublicKeyPem(_key));

        Jws.Verify(Jws.Sign(_payload, _key), imported).IsValid.Should().BeTrue();
    }

    [Fact]
    public void ReadPayloadUnverified_SignedAssertion_ExposesCreatorBeforeVerification()
    {
        var payload = Jws.ReadPayloadUnverified(Jws.Sign(_payload, _key));

        payload.Should().Equal(_payload);
        System.Text.Json.JsonDocument.Parse(payload!).RootElement.GetProperty("verification").GetProperty("creator").GetString()
            .Should().Be(TestSupport.Origin + "/issuers/1/keys/1");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.WzFd.c2ln")]
    public void ReadPayloadUnverified_NotJwsWithJsonObject_ReturnsNull(string jws)
    {
        Jws.ReadPayloadUnverified(jws).Should().BeNull();
    }

    [Fact]
    public void Generate_BelowMinimum_Throws()
    {
        var act = () => RsaKeys.Generate(1024);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
