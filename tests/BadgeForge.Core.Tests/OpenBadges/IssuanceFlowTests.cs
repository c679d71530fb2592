using System.Text.Json;
using BadgeForge.Core.Baking;
using BadgeForge.Core.Images;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Signing;

namespace BadgeForge.Core.Tests.OpenBadges;

/// <summary>The pieces composed the way the web layer will: build, sign, bake, then read back and verify.</summary>
public sealed class IssuanceFlowTests
{
    [Fact]
    public void SignedFlow_BuildSignBakeUnbakeVerify_RecoversTheAssertion()
    {
        using var key = RsaKeys.Generate();
        var keyDocument = OpenBadgesDocuments.CryptographicKey(new CryptographicKeyDefinition(
            new Uri(TestSupport.Origin + "/issuers/1/keys/1"), new Uri(TestSupport.Origin + "/issuers/1"), RsaKeys.ExportPublicKeyPem(key)));
        var assertion = TestSupport.SignedAssertion() with { Id = Identifiers.NewUrnUuid(), IssuedOn = ObDateTime.IssuedNow(TimeProvider.System) };
        var payload = OpenBadgesDocuments.Assertion(assertion);
        var image = System.Text.Encoding.UTF8.GetBytes(BadgeImageRenderer.RenderSvg(new BadgeImageDesign("Varjenje", 2, 3, "#aa3300")));

        var baked = SvgBaking.BakeSigned(image, Jws.Sign(payload, key));

        // A verifier only has the baked image and the published CryptographicKey document.
        var jws = BakedBadges.Unbake(baked)!;
        var pem = JsonDocument.Parse(keyDocument).RootElement.GetProperty("publicKeyPem").GetString()!;
        using var publicKey = RsaKeys.ImportPublicKeyPem(pem);
        var result = Jws.Verify(jws, publicKey);
        result.IsValid.Should().BeTrue(result.Message);
        result.Payload.Should().Equal(payload);
        var recovered = JsonDocument.Parse(result.Payload).RootElement;
        recovered.GetProperty("id").GetString().Should().Be(assertion.Id);
        assertion.Recipient.Matches("Alice@Example.org").Should().BeTrue();
    }

    [Fact]
    public void HostedFlow_BuildBakeUnbake_ReturnsTheServedBytes()
    {
        var payload = OpenBadgesDocuments.Assertion(TestSupport.HostedAssertion());
        var png = QrCodes.QrCodeImages.Png(new Uri(TestSupport.HostedAssertion().Id));

        var baked = PngBaking.Bake(png, System.Text.Encoding.UTF8.GetString(payload));

        BakedBadges.Unbake(baked).Should().Be(System.Text.Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public void Profile_InternationalizedDomain_IsWrittenAsPunycode()
    {
        var profile = TestSupport.Issuer() with { Url = new Uri("https://značke.example.si/o-nas") };

        var root = JsonDocument.Parse(OpenBadgesDocuments.Profile(profile)).RootElement;

        root.GetProperty("url").GetString().Should().Be("https://xn--znake-jya.example.si/o-nas");
    }
}
