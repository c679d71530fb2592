using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BadgeForge.Core.OpenBadges;

namespace BadgeForge.Core.Tests.OpenBadges;

/// <summary>Conformance of the generated documents with CHECKLIST §0–§2 (what PYV and JAVAV check).</summary>
public sealed class OpenBadgesDocumentsTests
{
    // PYV DateTime: parseable ISO 8601 that ends in Z or a numeric offset (CHECKLIST §1).
    private static readonly Regex PyvDateTime = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-](\d{4}|\d{2}|\d{2}:\d{2}))$");
    private static readonly Regex PyvUrnUuid = new("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", RegexOptions.IgnoreCase);

    public static TheoryData<string> AllDocuments() => new() { "profile", "badgeclass", "hosted", "signed", "key", "revocations" };

    private static byte[] Build(string kind) => kind switch
    {
        "profile" => OpenBadgesDocuments.Profile(TestSupport.Issuer()),
        "badgeclass" => OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass()),
        "hosted" => OpenBadgesDocuments.Assertion(TestSupport.HostedAssertion()),
        "signed" => OpenBadgesDocuments.Assertion(TestSupport.SignedAssertion()),
        "key" => OpenBadgesDocuments.CryptographicKey(new CryptographicKeyDefinition(
            new Uri(TestSupport.Origin + "/issuers/1/keys/1"), new Uri(TestSupport.Origin + "/issuers/1"),
            File.ReadAllText(TestSupport.FixturePath("test-rsa-2048.pem")).Replace("PRIVATE", "PUBLIC", StringComparison.Ordinal))),
        "revocations" => OpenBadgesDocuments.RevocationList(new RevocationListDefinition(
            new Uri(TestSupport.Origin + "/issuers/1/revocations"), new Uri(TestSupport.Origin + "/issuers/1"),
            [new RevokedAssertion("urn:uuid:2f0f3c8e-0c4e-4b8a-9a7e-6d7c1f1e9b10", "Issued in error")])),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static JsonElement Parse(byte[] json) => JsonDocument.Parse(json).RootElement;

    [Theory]
    [MemberData(nameof(AllDocuments))]
    public void Build_AnyDocument_StartsWithV2ContextThenSingleStringTypeAndAbsoluteId(string kind)
    {
        var root = Parse(Build(kind));

        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        names.Take(3).Should().Equal("@context", "type", "id");
        root.GetProperty("@context").GetString().Should().Be("https://w3id.org/openbadges/v2");
        root.GetProperty("type").ValueKind.Should().Be(JsonValueKind.String, "PYV crashes on an array top-level type");
        var id = root.GetProperty("id").GetString()!;
        (Uri.TryCreate(id, UriKind.Absolute, out var uri) && uri.Scheme == "https" || PyvUrnUuid.IsMatch(id)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(AllDocuments))]
    public void Build_AnyDocument_EmitsOnlyTermsDefinedByTheV2Context(string kind)
    {
        // Validators compact into the v2 context and silently drop unmapped keys (CHECKLIST §1), so a typo would
        // vanish instead of failing: every key we write must be a term of the context.
        using var context = JsonDocument.Parse(File.ReadAllBytes(TestSupport.FixturePath("ob-v2-context.json")));
        var terms = context.RootElement.GetProperty("@context").EnumerateObject().Select(p => p.Name).ToHashSet();

        var keys = new List<string>();
        Collect(Parse(Build(kind)), keys);

        keys.Where(k => k != "@context").Distinct().Should().OnlyContain(k => terms.Contains(k));
    }

    [Theory]
    [MemberData(nameof(AllDocuments))]
    public void Build_SameInput_ProducesIdenticalBytes(string kind) =>
        Build(kind).Should().Equal(Build(kind));

    [Fact]
    public void Assertion_Hosted_MatchesGoldenJson()
    {
        var json = Encoding.UTF8.GetString(OpenBadgesDocuments.Assertion(TestSupport.HostedAssertion()));

        json.Should().Be(""""{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://badges.example.org/assertions/Zx3kq9","recipient":{"type":"email","hashed":true,"salt":"deadsea","identity":"sha256$c934fdacc6242be0277a284970416aa9bfa583241fb85094bc96c504ee0abd4e"},"badge":"https://badges.example.org/badgeclasses/42","verification":{"type":"hosted"},"issuedOn":"2026-05-01T12:00:00Z","expires":"2027-05-01T12:00:00Z","image":"https://badges.example.org/assertions/Zx3kq9/image.png","evidence":[{"id":"https://example.org/work/1","narrative":"Zvar na vzorcu A."}],"narrative":"Preizkus opravljen z odliko."}"""");
    }

    [Fact]
    public void Assertion_Hosted_HasAllRequiredPropertiesWithCorrectTypes()
    {
        var root = Parse(OpenBadgesDocuments.Assertion(TestSupport.HostedAssertion()));

        root.GetProperty("type").GetString().Should().Be("Assertion");
        var recipient = root.GetProperty("recipient");
        recipient.GetProperty("type").GetString().Should().Be("email");
        recipient.GetProperty("hashed").ValueKind.Should().Be(JsonValueKind.True, "hashed is required and must be a JSON boolean");
        recipient.GetProperty("identity").GetString().Should().MatchRegex(@"^sha256\$[0-9a-f]{64}$");
        recipient.GetProperty("salt").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("badge").GetString().Should().StartWith("https://");
        root.GetProperty("verification").GetProperty("type").GetString().Should().Be("hosted");
        root.GetProperty("issuedOn").GetString().Should().MatchRegex(PyvDateTime.ToString());
        root.GetProperty("expires").GetString().Should().MatchRegex(PyvDateTime.ToString());
        root.TryGetProperty("revoked", out _).Should().BeFalse();
    }

    [Fact]
    public void Assertion_Signed_HasUrnUuidIdAndSignedBadgeVerificationWithCreator()
    {
        var root = Parse(OpenBadgesDocuments.Assertion(TestSupport.SignedAssertion()));

        root.GetProperty("id").GetString().Should().MatchRegex(PyvUrnUuid.ToString());
        var verification = root.GetProperty("verification");
        verification.GetProperty("type").GetString().Should().Be("SignedBadge");
        verification.GetProperty("creator").GetString().Should().Be("https://badges.example.org/issuers/1/keys/1");
    }

    [Fact]
    public void Assertion_IssuedOnWithOffsetAndFraction_IsWrittenAsWholeSecondUtc()
    {
        var assertion = TestSupport.HostedAssertion() with
        {
            IssuedOn = new DateTimeOffset(2026, 5, 1, 14, 0, 0, 999, TimeSpan.FromHours(2)),
            Expires = null,
        };

        var root = Parse(OpenBadgesDocuments.Assertion(assertion));

        root.GetProperty("issuedOn").GetString().Should().Be("2026-05-01T12:00:00Z");
        root.TryGetProperty("expires", out _).Should().BeFalse();
    }

    [Fact]
    public void Assertion_ExpiresNotAfterIssuedOn_Throws()
    {
        var assertion = TestSupport.HostedAssertion() with { Expires = TestSupport.IssuedOn };

        var act = () => OpenBadgesDocuments.Assertion(assertion);

        act.Should().Throw<ArgumentException>().WithMessage("*Expires*");
    }

    [Theory]
    [InlineData("urn:uuid:2f0f3c8e-0c4e-4b8a-9a7e-6d7c1f1e9b10")]
    [InlineData("assertions/relative")]
    [InlineData("mailto:alice@example.org")]
    public void Assertion_HostedWithNonHttpId_Throws(string id)
    {
        var act = () => OpenBadgesDocuments.Assertion(TestSupport.HostedAssertion() with { Id = id });

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Assertion_SignedWithDidId_Throws()
    {
        var act = () => OpenBadgesDocuments.Assertion(TestSupport.SignedAssertion() with { Id = "did:example:123" });

        act.Should().Throw<ArgumentException>().WithMessage("*urn:uuid*");
    }

    [Fact]
    public void Assertion_PlaintextIdentity_Throws()
    {
        var act = () => OpenBadgesDocuments.Assertion(TestSupport.HostedAssertion() with
        {
            Recipient = new RecipientIdentity("alice@example.org", "x"),
        });

        act.Should().Throw<ArgumentException>().WithMessage("*sha256$*");
    }

    [Fact]
    public void Assertion_Revoked_EmitsRevokedTrueAndReason()
    {
        var root = Parse(OpenBadgesDocuments.Assertion(TestSupport.HostedAssertion() with { Revoked = true, RevocationReason = "Napaka" }));

        root.GetProperty("revoked").ValueKind.Should().Be(JsonValueKind.True);
        root.GetProperty("revocationReason").GetString().Should().Be("Napaka");
    }

    [Fact]
    public void RevokedHostedAssertion_Always_HasContextIdRevokedAndReason()
    {
        var root = Parse(OpenBadgesDocuments.RevokedHostedAssertion(new Uri(TestSupport.Origin + "/assertions/Zx3kq9"), "Issued in error"));

        root.EnumerateObject().Select(p => p.Name).Should().Equal("@context", "id", "revoked", "revocationReason");
        root.GetProperty("revoked").ValueKind.Should().Be(JsonValueKind.True);
    }

    [Fact]
    public void Profile_Always_HasIdTypeNameUrlEmailAndKeyArray()
    {
        var root = Parse(OpenBadgesDocuments.Profile(TestSupport.Issuer()));

        root.GetProperty("type").GetString().Should().Be("Profile");
        root.GetProperty("name").GetString().Should().Be("Šola za robotiko");
        root.GetProperty("url").GetString().Should().Be("https://robotika.example.org/");
        root.GetProperty("email").GetString().Should().Be("badges@example.org");
        root.GetProperty("publicKey").EnumerateArray().Select(e => e.GetString()).Should().Equal("https://badges.example.org/issuers/1/keys/1");
        root.GetProperty("revocationList").GetString().Should().Be("https://badges.example.org/issuers/1/revocations");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("two@@example.org")]
    public void Profile_InvalidEmail_Throws(string email)
    {
        var act = () => OpenBadgesDocuments.Profile(TestSupport.Issuer() with { Email = email });

        act.Should().Throw<ArgumentException>().WithMessage("*Email*");
    }

    [Fact]
    public void Profile_RelativeUrl_Throws()
    {
        var act = () => OpenBadgesDocuments.Profile(TestSupport.Issuer() with { Url = new Uri("/about", UriKind.Relative) });

        act.Should().Throw<ArgumentException>().WithMessage("*Profile.Url*");
    }

    [Fact]
    public void BadgeClass_Always_HasRequiredPropertiesCriteriaAndAlignment()
    {
        var root = Parse(OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass()));

        root.GetProperty("type").GetString().Should().Be("BadgeClass");
        root.GetProperty("name").GetString().Should().Be("Varjenje – raven 2");
        root.GetProperty("description").GetString().Should().NotBeEmpty();
        root.GetProperty("image").GetString().Should().EndWith("/image.svg");
        root.GetProperty("issuer").GetString().Should().Be("https://badges.example.org/issuers/1");
        var criteria = root.GetProperty("criteria");
        criteria.GetProperty("id").GetString().Should().Be("https://badges.example.org/badgeclasses/42/criteria");
        criteria.GetProperty("narrative").GetString().Should().Be("Opravljen praktični preizkus.");
        root.GetProperty("tags").EnumerateArray().Select(e => e.GetString()).Should().Equal("varjenje", "raven-2");
        var alignment = root.GetProperty("alignment").EnumerateArray().Single();
        alignment.EnumerateObject().Select(p => p.Name).Should()
            .Equal("targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode");
        alignment.GetProperty("targetUrl").GetString().Should().Be("https://competencies.example.org/welding/mig");
    }

    [Fact]
    public void BadgeClass_NarrativeOnlyCriteria_IsAccepted()
    {
        var root = Parse(OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass() with { Criteria = new BadgeCriteria(null, "Narrative") }));

        root.GetProperty("criteria").EnumerateObject().Select(p => p.Name).Should().Equal("narrative");
    }

    [Fact]
    public void BadgeClass_CriteriaWithoutIdOrNarrative_Throws()
    {
        var act = () => OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass() with { Criteria = new BadgeCriteria(null, " ") });

        act.Should().Throw<ArgumentException>().WithMessage("*Criteria*");
    }

    [Fact]
    public void BadgeClass_AlignmentWithoutTargetName_Throws()
    {
        var act = () => OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass() with
        {
            Alignments = [new BadgeAlignment("", new Uri("https://competencies.example.org/x"))],
        });

        act.Should().Throw<ArgumentException>().WithMessage("*TargetName*");
    }

    [Fact]
    public void BadgeClass_TextWithMarkup_IsEscapedAndReadableNonAscii()
    {
        var json = Encoding.UTF8.GetString(OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass() with { Description = "a ]]> <b>&" }));

        json.Should().NotContain("]]>").And.NotContain("<b>").And.Contain("Varjenje – raven 2");
        Parse(Encoding.UTF8.GetBytes(json)).GetProperty("description").GetString().Should().Be("a ]]> <b>&");
    }

    [Fact]
    public void CryptographicKey_Always_HasOwnerAndSpkiPem()
    {
        var root = Parse(Build("key"));

        root.GetProperty("type").GetString().Should().Be("CryptographicKey");
        root.GetProperty("owner").GetString().Should().Be("https://badges.example.org/issuers/1");
        root.GetProperty("publicKeyPem").GetString().Should().StartWith("-----BEGIN PUBLIC KEY-----");
    }

    [Fact]
    public void CryptographicKey_Pkcs1Pem_Throws()
    {
        var act = () => OpenBadgesDocuments.CryptographicKey(new CryptographicKeyDefinition(
            new Uri(TestSupport.Origin + "/k"), new Uri(TestSupport.Origin + "/i"), "-----BEGIN RSA PUBLIC KEY-----\nAA==\n-----END RSA PUBLIC KEY-----\n"));

        act.Should().Throw<ArgumentException>().WithMessage("*BEGIN PUBLIC KEY*");
    }

    [Fact]
    public void RevocationList_Empty_StillHasRevokedAssertionsArray()
    {
        var root = Parse(OpenBadgesDocuments.RevocationList(new RevocationListDefinition(
            new Uri(TestSupport.Origin + "/issuers/1/revocations"), new Uri(TestSupport.Origin + "/issuers/1"), [])));

        root.GetProperty("type").GetString().Should().Be("RevocationList");
        root.GetProperty("revokedAssertions").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void RevocationList_Entries_AreObjectsWithIdAndReason()
    {
        var entry = Parse(Build("revocations")).GetProperty("revokedAssertions").EnumerateArray().Single();

        entry.GetProperty("id").GetString().Should().Be("urn:uuid:2f0f3c8e-0c4e-4b8a-9a7e-6d7c1f1e9b10");
        entry.GetProperty("revocationReason").GetString().Should().Be("Issued in error");
    }

    [Fact]
    public void IssuedNow_ClockWithFraction_TruncatesAndNeverRoundsIntoTheFuture()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, 999, TimeSpan.Zero));

        var issued = ObDateTime.IssuedNow(clock);

        issued.Should().Be(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        issued.Should().BeOnOrBefore(clock.GetUtcNow());
        ObDateTime.Format(issued).Should().Be("2026-05-01T12:00:00Z");
    }

    private static void Collect(JsonElement element, List<string> keys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    keys.Add(property.Name);
                    Collect(property.Value, keys);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, keys);
                }
                break;
        }
    }
}
