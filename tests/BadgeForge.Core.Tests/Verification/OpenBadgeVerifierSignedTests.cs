using System.Text;
using System.Text.Json.Nodes;
using BadgeForge.Core.Baking;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Tests.OpenBadges;
using BadgeForge.Core.Signing;
using BadgeForge.Core.Verification;

namespace BadgeForge.Core.Tests.Verification;

/// <summary>Signed assertions: JWS, baked JWS, and every signature, key and revocation failure.</summary>
public sealed class OpenBadgeVerifierSignedTests : IDisposable
{
    private readonly VerifierTestWorld _world = new();

    public void Dispose() => _world.Dispose();

    private VerificationInput.Jws SignedJws(BadgeAssertion? assertion = null) => new(_world.Sign(assertion ?? VerifierTestWorld.SignedAssertion));

    [Fact]
    public async Task VerifyAsync_SignedJws_IsValidWithSummary()
    {
        var report = await _world.VerifyAsync(SignedJws(), VerifierTestWorld.RecipientEmail);

        report.Valid.Should().BeTrue(report.Describe());
        report.Checks.Should().OnlyContain(c => c.Passed, report.Describe());
        report.Checks.Select(c => c.Name).Should().Contain(["input", "structure.assertion", "fetch.key", "structure.key", "signature",
            "fetch.badge", "fetch.issuer", "key.ownership", "fetch.revocationList", "structure.revocationList", "revocation", "recipient"]);
        report.VerificationType.Should().Be("signed");
        report.AssertionId.Should().Be(VerifierTestWorld.SignedAssertion.Id);
        report.RecipientMatched.Should().BeTrue();
    }

    [Fact]
    public async Task VerifyAsync_BakedPngOfSignedAssertion_IsValid()
    {
        var png = PngBaking.Bake(VerifierTestWorld.BasePng, _world.Sign(VerifierTestWorld.SignedAssertion));

        var report = await _world.VerifyAsync(new VerificationInput.Image(png));

        report.Valid.Should().BeTrue(report.Describe());
        report.VerificationType.Should().Be("signed");
    }

    [Fact]
    public async Task VerifyAsync_BakedSvgOfSignedAssertion_IsValid()
    {
        var svg = SvgBaking.BakeSigned(VerifierTestWorld.BadgeSvg, _world.Sign(VerifierTestWorld.SignedAssertion));

        var report = await _world.VerifyAsync(new VerificationInput.Image(svg));

        report.Valid.Should().BeTrue(report.Describe());
    }

    [Fact]
    public async Task VerifyAsync_TamperedPayload_FailsSignature()
    {
        var parts = _world.Sign(VerifierTestWorld.SignedAssertion).Split('.');
        var forged = VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.SignedAssertion), "expires", "2099-01-01T00:00:00Z");
        var tampered = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged)) + "." + parts[2];

        var report = await _world.VerifyAsync(new VerificationInput.Jws(tampered));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("signature").Should().ContainSingle().Which.Message.Should().Contain("does not verify");
    }

    [Fact]
    public async Task VerifyAsync_SameVerifierAgainAndAgain_ChecksTheSignatureEveryTime()
    {
        // The verifier reuses imported public keys, never outcomes: a forgery after good signatures with the same key fails.
        var verifier = new OpenBadgeVerifier();
        var jws = _world.Sign(VerifierTestWorld.SignedAssertion);
        var parts = jws.Split('.');
        var forged = VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.SignedAssertion), "expires", "2099-01-01T00:00:00Z");
        var tampered = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged)) + "." + parts[2];

        var reports = new List<VerificationReport>();
        foreach (var input in new[] { jws, jws, tampered, jws, tampered })
        {
            reports.Add(await verifier.VerifyAsync(new VerificationInput.Jws(input), _world.Fetcher, VerifierTestWorld.Now, null, CancellationToken.None));
        }

        reports.Select(r => r.Status).Should().Equal(VerificationStatus.Valid, VerificationStatus.Valid, VerificationStatus.Invalid,
            VerificationStatus.Valid, VerificationStatus.Invalid);
        reports[2].Failed("signature").Should().ContainSingle();
        reports[4].Failed("signature").Should().ContainSingle();
    }

    [Fact]
    public async Task VerifyAsync_SignedWithAnotherKey_FailsSignature()
    {
        var report = await _world.VerifyAsync(new VerificationInput.Jws(_world.Sign(VerifierTestWorld.SignedAssertion, VerifierTestWorld.WrongKey)));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("signature").Should().ContainSingle();
    }

    [Fact]
    public async Task VerifyAsync_KeyNotListedByIssuer_FailsKeyOwnership()
    {
        _world.Fetcher.Json(VerifierTestWorld.IssuerUrl, OpenBadgesDocuments.Profile(TestSupport.Issuer() with { PublicKeys = [new Uri(VerifierTestWorld.Origin + "/issuers/1/keys/2")] }));

        var report = await _world.VerifyAsync(SignedJws());

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Checks.Should().Contain(c => c.Name == "signature" && c.Passed);
        report.Failed("key.ownership").Should().ContainSingle().Which.Message.Should().Contain("other than those authorized by issuer profile");
    }

    [Fact]
    public async Task VerifyAsync_KeyOwnedBySomeoneElse_FailsKeyOwnership()
    {
        _world.Fetcher.Json(VerifierTestWorld.KeyUrl, OpenBadgesDocuments.CryptographicKey(new CryptographicKeyDefinition(
            new Uri(VerifierTestWorld.KeyUrl), new Uri("https://other.example.org/issuers/9"), RsaKeys.ExportPublicKeyPem(_world.Key))));

        var report = await _world.VerifyAsync(SignedJws());

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("key.ownership").Should().ContainSingle().Which.Message.Should().Contain("owner");
    }

    [Fact]
    public async Task VerifyAsync_ListedInRevocationList_IsRevokedWithReason()
    {
        _world.Fetcher.Json(VerifierTestWorld.RevocationsUrl, OpenBadgesDocuments.RevocationList(new RevocationListDefinition(
            new Uri(VerifierTestWorld.RevocationsUrl), new Uri(VerifierTestWorld.IssuerUrl),
            [new RevokedAssertion("urn:uuid:00000000-0000-4000-8000-000000000000", null), new RevokedAssertion(VerifierTestWorld.SignedAssertion.Id, "Issued in error")])));

        var report = await _world.VerifyAsync(SignedJws());

        report.Status.Should().Be(VerificationStatus.Revoked);
        report.RevocationReason.Should().Be("Issued in error");
        report.Failed("revocation").Should().ContainSingle().Which.Message.Should().Contain("has been revoked in RevocationList");
    }

    [Fact]
    public async Task VerifyAsync_RevocationListWithPlainIriEntry_IsRevoked()
    {
        _world.Fetcher.Json(VerifierTestWorld.RevocationsUrl, $$"""
            {"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"{{VerifierTestWorld.RevocationsUrl}}",
             "revokedAssertions":["{{VerifierTestWorld.SignedAssertion.Id}}"]}
            """);

        var report = await _world.VerifyAsync(SignedJws());

        report.Status.Should().Be(VerificationStatus.Revoked);
    }

    [Fact]
    public async Task VerifyAsync_ExpiredSignedAssertion_IsExpired()
    {
        var report = await _world.VerifyAsync(SignedJws(), now: TestSupport.IssuedOn.AddYears(1));

        report.Status.Should().Be(VerificationStatus.Expired);
    }

    [Fact]
    public async Task VerifyAsync_NoCreator_FailsSignature()
    {
        var payload = VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.SignedAssertion), "verification", new JsonObject { ["type"] = "SignedBadge" });

        var report = await _world.VerifyAsync(new VerificationInput.Jws(_world.Sign(payload)));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("signature").Should().ContainSingle().Which.Message.Should().Contain("creator");
    }

    [Fact]
    public async Task VerifyAsync_KeyUrl404_IsUnverifiable()
    {
        _world.Fetcher.Responses.Remove(VerifierTestWorld.KeyUrl);

        var report = await _world.VerifyAsync(SignedJws());

        report.Status.Should().Be(VerificationStatus.Unverifiable);
        report.Failed("fetch.key").Should().ContainSingle().Which.Message.Should().Contain("HTTP 404");
        report.Checks.Should().NotContain(c => c.Name == "signature" && c.Passed);
    }

    [Fact]
    public async Task VerifyAsync_IssuerProfileServedWithAnotherId_IsInvalid()
    {
        // A Profile at one URL claiming to be another issuer must not be able to authorise keys for it.
        _world.Fetcher.Json(VerifierTestWorld.IssuerUrl, OpenBadgesDocuments.Profile(TestSupport.Issuer() with { Id = new Uri("https://trusted.example.org/issuers/1") }));

        var report = await _world.VerifyAsync(SignedJws());

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("structure.issuer").Should().Contain(c => c.Message.Contains("declares its id as"));
    }

    [Fact]
    public async Task VerifyAsync_SignedAssertionJson_AsksForTheJws()
    {
        var report = await _world.VerifyAsync(new VerificationInput.Json(Encoding.UTF8.GetString(OpenBadgesDocuments.Assertion(VerifierTestWorld.SignedAssertion))));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("input").Should().ContainSingle().Which.Message.Should().Contain("JWS");
    }
}
