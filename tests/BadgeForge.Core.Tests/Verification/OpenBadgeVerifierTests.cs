using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BadgeForge.Core.Baking;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Tests.OpenBadges;
using BadgeForge.Core.Verification;

namespace BadgeForge.Core.Tests.Verification;

/// <summary>Valid badges in every input form, and the hosted-verification and structure failures.</summary>
public sealed class OpenBadgeVerifierTests : IDisposable
{
    private readonly VerifierTestWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task VerifyAsync_HostedAssertionUrl_IsValidWithSummary()
    {
        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Valid.Should().BeTrue(report.Describe());
        report.Status.Should().Be(VerificationStatus.Valid);
        report.Checks.Should().OnlyContain(c => c.Passed, report.Describe());
        report.Checks.Select(c => c.Name).Should().Contain(["fetch.assertion", "hosted.id", "structure.assertion", "fetch.badge",
            "structure.badge", "image", "fetch.issuer", "structure.issuer", "hosted.scope", "timestamps", "expiry"]);
        report.VerificationType.Should().Be("hosted");
        report.AssertionId.Should().Be(VerifierTestWorld.HostedAssertion.Id);
        report.BadgeId.Should().Be(VerifierTestWorld.BadgeUrl);
        report.BadgeName.Should().Be("Varjenje – raven 2");
        report.IssuerId.Should().Be(VerifierTestWorld.IssuerUrl);
        report.IssuerName.Should().Be("Šola za robotiko");
        report.IssuedOn.Should().Be(TestSupport.IssuedOn);
        report.Expires.Should().Be(TestSupport.IssuedOn.AddYears(1));
        report.RecipientMatched.Should().BeNull();
    }

    [Fact]
    public async Task VerifyAsync_HostedJsonInput_VerifiesTheHostedCopyNotTheInput()
    {
        // Only the id of pasted JSON is trusted (CHECKLIST §3.5): a local edit cannot change the outcome.
        var edited = VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "issuedOn", "2099-01-01T00:00:00Z");

        var report = await _world.VerifyAsync(new VerificationInput.Json(edited));

        report.Valid.Should().BeTrue(report.Describe());
        report.IssuedOn.Should().Be(TestSupport.IssuedOn);
        _world.Fetcher.Requested.Should().Contain(VerifierTestWorld.HostedAssertion.Id);
    }

    [Fact]
    public async Task VerifyAsync_BakedPngOfHostedAssertion_IsValid()
    {
        var png = PngBaking.Bake(VerifierTestWorld.BasePng, Encoding.UTF8.GetString(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion)));

        var report = await _world.VerifyAsync(new VerificationInput.Image(png));

        report.Valid.Should().BeTrue(report.Describe());
        report.Checks.Should().Contain(c => c.Name == "unbake" && c.Passed && c.Message.Contains("PNG"));
    }

    [Fact]
    public async Task VerifyAsync_BakedSvgOfHostedAssertion_IsValid()
    {
        var assertion = VerifierTestWorld.HostedAssertion;
        var svg = SvgBaking.BakeHosted(VerifierTestWorld.BadgeSvg, new Uri(assertion.Id), Encoding.UTF8.GetString(OpenBadgesDocuments.Assertion(assertion)));

        var report = await _world.VerifyAsync(new VerificationInput.Image(svg));

        report.Valid.Should().BeTrue(report.Describe());
        report.Checks.Should().Contain(c => c.Name == "unbake" && c.Passed && c.Message.Contains("SVG"));
    }

    [Fact]
    public async Task VerifyAsync_UrlServingLegacyPngWithAssertionUrl_UnbakesAndIsValid()
    {
        const string imageUrl = VerifierTestWorld.Origin + "/assertions/Zx3kq9/image.png";
        var assertionUrl = VerifierTestWorld.HostedAssertion.Id;
        var png = PngBaking.Bake(VerifierTestWorld.BasePng, assertionUrl);
        _world.Fetcher.Responses[imageUrl] = () => DocumentFetchResult.Response(200, "image/png", png);

        var report = await _world.VerifyAsync(new VerificationInput.Url(new Uri(imageUrl)));

        report.Valid.Should().BeTrue(report.Describe());
        report.AssertionId.Should().Be(assertionUrl);
    }

    [Fact]
    public async Task VerifyAsync_BadgrStyleAssertionWithExtrasAndVerifyAlias_IsValid()
    {
        var identity = "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Alice@Example.org" + "s4lt")));
        _world.Fetcher.Json("https://api.badgr.io/public/assertions/AbC123", $$"""
            {"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://api.badgr.io/public/assertions/AbC123",
             "badge":"https://api.badgr.io/public/badges/XyZ","image":"https://api.badgr.io/public/assertions/AbC123/image",
             "verify":{"type":"hosted","url":"https://api.badgr.io/public/assertions/AbC123"},
             "issuedOn":"2019-03-04T10:11:12.345678+00:00","recipient":{"hashed":true,"type":"email","identity":"{{identity}}","salt":"s4lt"},
             "extensions:recipientProfile":{"@context":"https://openbadgespec.org/extensions/recipientProfile/context.json","type":["Extension","extensions:RecipientProfile"],"name":"Alice"},
             "evidence":[],"narrative":null,"revoked":false,"expires":null}
            """);
        _world.Fetcher.Json("https://api.badgr.io/public/badges/XyZ", """
            {"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","id":"https://api.badgr.io/public/badges/XyZ",
             "name":"Python Basics","description":"Writes small Python programs.","image":"https://media.badgr.io/uploads/badges/xyz.png",
             "criteria":{"narrative":"Complete the course."},"issuer":"https://api.badgr.io/public/issuers/Iss","tags":[],"alignment":[],
             "extensions:licenseExtension":{"@context":"https://w3id.org/openbadges/extensions/licenseExtension/context.json","type":["Extension","extensions:LicenseExtension"],"id":"CC-BY-4.0","name":"Attribution 4.0"}}
            """);
        _world.Fetcher.Json("https://api.badgr.io/public/issuers/Iss", """
            {"@context":"https://w3id.org/openbadges/v2","type":"Issuer","id":"https://api.badgr.io/public/issuers/Iss","name":"Badgr Academy",
             "url":"https://badgr.com","email":"help@badgr.com","description":null,"image":"https://media.badgr.io/uploads/issuers/iss.png"}
            """);
        _world.Fetcher.Responses["https://media.badgr.io/uploads/badges/xyz.png"] =
            () => DocumentFetchResult.Response(200, "image/png", VerifierTestWorld.BasePng);

        var report = await _world.VerifyAsync(new VerificationInput.Url(new Uri("https://api.badgr.io/public/assertions/AbC123")), email: "Alice@Example.org");

        report.Valid.Should().BeTrue(report.Describe());
        report.RecipientMatched.Should().BeTrue();
        report.IssuerName.Should().Be("Badgr Academy");
        report.IssuedOn.Should().Be(new DateTimeOffset(2019, 3, 4, 10, 11, 12, TimeSpan.Zero).AddTicks(3456780));
    }

    [Fact]
    public async Task VerifyAsync_ContextInsideArray_IsAccepted()
    {
        var json = VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "@context",
            new JsonArray("https://w3id.org/openbadges/v2", "https://w3id.org/openbadges/extensions/exampleExtension/context.json"));
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id, json);

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Valid.Should().BeTrue(report.Describe());
    }

    [Fact]
    public async Task VerifyAsync_OpenBadges11Document_IsReportedUnsupported()
    {
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id, """
            {"@context":"https://w3id.org/openbadges/v1","type":"Assertion","id":"https://badges.example.org/assertions/Zx3kq9",
             "uid":"abc","recipient":{"type":"email","hashed":false,"identity":"alice@example.org"},"badge":"https://badges.example.org/badgeclasses/42",
             "verify":{"type":"hosted","url":"https://badges.example.org/assertions/Zx3kq9"},"issuedOn":1388534400}
            """);

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Unverifiable);
        report.Failed("version").Should().ContainSingle().Which.Message.Should().Contain("1.x");
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("alice@example.org", true)]
    [InlineData("  Alice@Example.ORG ", true)]
    [InlineData("mallory@example.org", false)]
    public async Task VerifyAsync_RecipientEmail_ReportsMatch(string email, bool? expected)
    {
        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl, email);

        report.RecipientMatched.Should().Be(expected);
        report.Valid.Should().Be(expected != false, report.Describe());
        if (expected == false)
        {
            report.Status.Should().Be(VerificationStatus.Invalid);
            report.Failed("recipient").Should().ContainSingle();
        }
    }

    [Theory]
    [InlineData("""{"type":"email","hashed":false,"identity":"alice@example.org"}""")]
    [InlineData("""{"type":"email","hashed":true,"salt":"pepper","identity":"md5$MD5"}""")]
    [InlineData("""{"type":"email","hashed":true,"identity":"sha256$SHA"}""")]
    public async Task VerifyAsync_UnhashedMd5AndUnsaltedIdentities_MatchTheEmail(string recipient)
    {
#pragma warning disable CA5351 // md5$ identities exist in the wild; this builds one to verify against.
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("alice@example.org" + "pepper")));
#pragma warning restore CA5351
        var sha = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("alice@example.org")));
        var json = VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "recipient",
            JsonNode.Parse(recipient.Replace("MD5", md5).Replace("SHA", sha)));
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id, json);

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl, "alice@example.org");

        report.Valid.Should().BeTrue(report.Describe());
        report.RecipientMatched.Should().BeTrue();
    }

    [Fact]
    public async Task VerifyAsync_Revoked410_IsRevokedWithReason()
    {
        var id = new Uri(VerifierTestWorld.HostedAssertion.Id);
        _world.Fetcher.Json(id.AbsoluteUri, OpenBadgesDocuments.RevokedHostedAssertion(id, "Issued in error"), status: 410);

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Revoked);
        report.Valid.Should().BeFalse();
        report.RevocationReason.Should().Be("Issued in error");
        report.Failed("revocation").Should().ContainSingle().Which.Message.Should().Contain("410");
    }

    [Fact]
    public async Task VerifyAsync_HostedRevokedTrueWith200_IsRevoked()
    {
        _world.ServeHosted(VerifierTestWorld.HostedAssertion with { Revoked = true, RevocationReason = "Cheating" });

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Revoked);
        report.RevocationReason.Should().Be("Cheating");
    }

    [Fact]
    public async Task VerifyAsync_Expired_IsExpired()
    {
        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl, now: TestSupport.IssuedOn.AddYears(2));

        report.Status.Should().Be(VerificationStatus.Expired);
        report.Valid.Should().BeFalse();
        report.Failed("expiry").Should().ContainSingle().Which.Message.Should().Contain("expired on 2027-05-01T12:00:00Z");
        report.Checks.Where(c => !c.Passed).Should().HaveCount(1, report.Describe());
    }

    [Fact]
    public async Task VerifyAsync_IssuedOnInTheFuture_IsInvalid()
    {
        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl, now: TestSupport.IssuedOn.AddSeconds(-1));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("timestamps").Should().ContainSingle().Which.Message.Should().Contain("in the future");
    }

    [Fact]
    public async Task VerifyAsync_ProfileWithoutEmail_IsInvalid()
    {
        _world.Fetcher.Json(VerifierTestWorld.IssuerUrl, VerifierTestWorld.With(OpenBadgesDocuments.Profile(TestSupport.Issuer()), "email", null));

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("structure.issuer").Should().ContainSingle().Which.Message.Should().Contain("email");
    }

    [Fact]
    public async Task VerifyAsync_AssertionIdDiffersFromFetchedUrl_FailsHostedId()
    {
        const string mirror = VerifierTestWorld.Origin + "/mirror/Zx3kq9";
        _world.Fetcher.Json(mirror, OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion));

        var report = await _world.VerifyAsync(new VerificationInput.Url(new Uri(mirror)));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("hosted.id").Should().ContainSingle().Which.Message.Should().Contain("declared its id as");
    }

    [Fact]
    public async Task VerifyAsync_HostedOnAnotherHostThanIssuer_FailsHostedScope()
    {
        var assertion = VerifierTestWorld.HostedAssertion with { Id = "https://evil.example.net/assertions/Zx3kq9" };
        _world.ServeHosted(assertion);

        var report = await _world.VerifyAsync(new VerificationInput.Url(new Uri(assertion.Id)));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("hosted.scope").Should().ContainSingle().Which.Message.Should().Contain("not hosted in allowed origins badges.example.org");
    }

    [Fact]
    public async Task VerifyAsync_IssuerAllowsAnotherOrigin_PassesHostedScope()
    {
        var assertion = VerifierTestWorld.HostedAssertion with { Id = "https://cdn.example.net/assertions/Zx3kq9" };
        _world.ServeHosted(assertion);
        _world.Fetcher.Json(VerifierTestWorld.IssuerUrl, VerifierTestWorld.With(OpenBadgesDocuments.Profile(TestSupport.Issuer()), "verification",
            new JsonObject { ["type"] = "VerificationObject", ["allowedOrigins"] = new JsonArray("badges.example.org", "cdn.example.net") }));

        var report = await _world.VerifyAsync(new VerificationInput.Url(new Uri(assertion.Id)));

        report.Valid.Should().BeTrue(report.Describe());
    }

    [Fact]
    public async Task VerifyAsync_AssertionOutsideIssuerStartsWith_FailsHostedScope()
    {
        _world.Fetcher.Json(VerifierTestWorld.IssuerUrl, VerifierTestWorld.With(OpenBadgesDocuments.Profile(TestSupport.Issuer()), "verification",
            new JsonObject { ["startsWith"] = VerifierTestWorld.Origin + "/public/assertions/" }));

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("hosted.scope").Should().ContainSingle().Which.Message.Should().Contain("does not start with");
    }

    [Fact]
    public async Task VerifyAsync_ExpiresBeforeIssuedOn_IsInvalid()
    {
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id,
            VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "expires", "2026-04-01T00:00:00Z"));

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("timestamps").Should().ContainSingle().Which.Message.Should().Contain("prior to issue date");
    }

    [Fact]
    public async Task VerifyAsync_RecipientWithoutHashed_IsInvalid()
    {
        var recipient = JsonNode.Parse(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion))!["recipient"]!.AsObject();
        recipient.Remove("hashed");
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id,
            VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "recipient", recipient.DeepClone()));

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("structure.assertion").Should().ContainSingle().Which.Message.Should().Contain("hashed");
    }

    [Theory]
    [InlineData("2026-05-01T12:00:00")]
    [InlineData("2026-05-01")]
    [InlineData("1 May 2026")]
    public async Task VerifyAsync_IssuedOnWithoutZone_IsInvalid(string issuedOn)
    {
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id,
            VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "issuedOn", issuedOn));

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("structure.assertion").Should().ContainSingle().Which.Message.Should().Contain("issuedOn");
        report.IssuedOn.Should().BeNull();
    }

    [Theory]
    [InlineData("2026-05-01T12:00:00+02:00")]
    [InlineData("2026-05-01T12:00:00.123-0130")]
    [InlineData("2026-05-01T12:00Z")]
    public async Task VerifyAsync_IssuedOnWithZoneVariants_IsValid(string issuedOn)
    {
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id,
            VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "issuedOn", issuedOn));

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Valid.Should().BeTrue(report.Describe());
    }

    [Fact]
    public async Task VerifyAsync_ArrayType_IsInvalid()
    {
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id,
            VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "type", new JsonArray("Assertion", "schema:Thing")));

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("structure.assertion").Should().ContainSingle().Which.Message.Should().Contain("single string");
    }

    [Fact]
    public async Task VerifyAsync_AssertionUrl404_IsUnverifiable()
    {
        var report = await _world.VerifyAsync(new VerificationInput.Url(new Uri(VerifierTestWorld.Origin + "/assertions/missing")));

        report.Status.Should().Be(VerificationStatus.Unverifiable);
        report.Failed("fetch.assertion").Should().ContainSingle().Which.Message.Should().Contain("HTTP 404");
    }

    [Fact]
    public async Task VerifyAsync_BadgeClassTimesOut_IsUnverifiableWithMessage()
    {
        _world.Fetcher.Responses[VerifierTestWorld.BadgeUrl] = () => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.");

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Unverifiable);
        report.Failed("fetch.badge").Should().ContainSingle().Which.Message.Should().Contain("timed out");
    }

    [Fact]
    public async Task VerifyAsync_FetcherReportsFailure_IsUnverifiableWithItsMessage()
    {
        _world.Fetcher.Responses[VerifierTestWorld.IssuerUrl] = () => DocumentFetchResult.Failed("Refused: the address is private.");

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Unverifiable);
        report.Failed("fetch.issuer").Should().ContainSingle().Which.Message.Should().Contain("Refused: the address is private.");
    }

    [Fact]
    public async Task VerifyAsync_BadgeImageIsHtml_FailsImageCheck()
    {
        _world.Fetcher.Responses[VerifierTestWorld.BadgeImageUrl] = () => DocumentFetchResult.Response(200, "text/html", "<html></html>"u8.ToArray());

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("image").Should().ContainSingle();
    }
}
