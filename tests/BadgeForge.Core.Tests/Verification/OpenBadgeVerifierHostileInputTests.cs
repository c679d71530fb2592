using System.Text;
using BadgeForge.Core.Baking;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Tests.OpenBadges;
using BadgeForge.Core.Verification;

namespace BadgeForge.Core.Tests.Verification;

/// <summary>Malformed and hostile input never throws: it becomes failed checks.</summary>
public sealed class OpenBadgeVerifierHostileInputTests : IDisposable
{
    private readonly VerifierTestWorld _world = new();

    public void Dispose() => _world.Dispose();

    public static TheoryData<VerificationInput> Garbage() => new()
    {
        new VerificationInput.Json("this is not json"),
        new VerificationInput.Json(""),
        new VerificationInput.Json("[1,2,3]"),
        new VerificationInput.Json("{\"id\":1,\"id\":2}"),
        new VerificationInput.Json("{\"@context\":{\"deep\":true},\"id\":\"https://badges.example.org/assertions/Zx3kq9\"}"),
        new VerificationInput.Jws("not.a.jws"),
        new VerificationInput.Jws("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln"),
        new VerificationInput.Jws(""),
        new VerificationInput.Image(Encoding.UTF8.GetBytes("GIF89a garbage")),
        new VerificationInput.Image(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0 }),
        new VerificationInput.Image(ReadOnlyMemory<byte>.Empty),
        new VerificationInput.Image(Encoding.UTF8.GetBytes("<!DOCTYPE svg [<!ENTITY x \"x\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>")),
        new VerificationInput.Url(new Uri("file:///etc/passwd")),
        new VerificationInput.Url(new Uri("/relative", UriKind.Relative)),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task VerifyAsync_Garbage_ReportsInvalidWithoutThrowing(VerificationInput input)
    {
        var report = await _world.VerifyAsync(input);

        report.Valid.Should().BeFalse();
        report.Status.Should().BeOneOf(VerificationStatus.Invalid, VerificationStatus.Unverifiable);
        report.Checks.Should().Contain(c => !c.Passed && c.Severity == VerificationSeverity.Error && c.Message.Length > 0);
    }

    [Fact]
    public async Task VerifyAsync_NullInputAndNullFetcher_ReportsInsteadOfThrowing()
    {
        var report = await new OpenBadgeVerifier().VerifyAsync(null!, null!, VerifierTestWorld.Now, null, CancellationToken.None);

        report.Failed("input").Should().ContainSingle();
    }

    [Fact]
    public async Task VerifyAsync_DeeplyNestedJsonInput_FailsInputCheck()
    {
        var bomb = "{\"id\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var report = await _world.VerifyAsync(new VerificationInput.Json(bomb));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("input").Should().ContainSingle().Which.Message.Should().Contain("Could not load JSON");
    }

    [Fact]
    public async Task VerifyAsync_DeeplyNestedHostedDocument_IsNotAccepted()
    {
        _world.Fetcher.Json(VerifierTestWorld.BadgeUrl, "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}");

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Valid.Should().BeFalse();
        report.Failed("fetch.badge").Should().ContainSingle().Which.Message.Should().Contain("could not be read as JSON");
    }

    [Fact]
    public async Task VerifyAsync_DeeplyNestedJwsPayload_FailsInputCheck()
    {
        // Deeper than the verifier's 32 levels, within what Jws.Sign itself accepts.
        var jws = _world.Sign("{\"a\":" + new string('[', 40) + new string(']', 40) + "}");

        var report = await _world.VerifyAsync(new VerificationInput.Jws(jws));

        report.Status.Should().Be(VerificationStatus.Invalid);
        report.Failed("input").Should().ContainSingle();
    }

    [Fact]
    public async Task VerifyAsync_FetchedDocumentWithInvalidUtf8_FailsFetch()
    {
        _world.Fetcher.Json(VerifierTestWorld.BadgeUrl, new byte[] { (byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}' });

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Unverifiable, report.Describe());
        report.Failed("fetch.badge").Should().ContainSingle().Which.Message.Should().Contain("UTF-8");
    }

    [Fact]
    public async Task VerifyAsync_JwsPayloadWithInvalidUtf8InAValue_FailsInputCheck()
    {
        var payload = Encoding.UTF8.GetBytes("{\"id\":\"x\"}");
        payload[7] = 0xFF;
        var jws = BadgeForge.Core.Signing.Jws.Sign(payload, _world.Key);

        var report = await _world.VerifyAsync(new VerificationInput.Jws(jws));

        report.Status.Should().Be(VerificationStatus.Invalid, report.Describe());
        report.Failed("input").Should().ContainSingle();
    }

    [Fact]
    public async Task VerifyAsync_RevocationListFullOfJunk_ReportsOneCheck()
    {
        var junk = string.Join(",", Enumerable.Repeat("{\"reason\":1}", 10_000));
        _world.Fetcher.Json(VerifierTestWorld.RevocationsUrl,
            "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"RevocationList\",\"revokedAssertions\":[" + junk + "]}");

        var report = await _world.VerifyAsync(new VerificationInput.Jws(_world.Sign(VerifierTestWorld.SignedAssertion)));

        report.Failed("structure.revocationList").Should().ContainSingle().Which.Message.Should().Contain("10000");
        report.Checks.Count.Should().BeLessThan(40);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("type")]
    [InlineData("name")]
    [InlineData("@context")]
    public async Task VerifyAsync_LoneSurrogateEscapes_AreReportedNotThrown(string property)
    {
        var badge = VerifierTestWorld.With(OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass()), property, "PLACEHOLDER")
            .Replace("\"PLACEHOLDER\"", "\"\\uD800x\"");
        _world.Fetcher.Json(VerifierTestWorld.BadgeUrl, badge);

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Unverifiable, report.Describe());
        report.Failed("fetch.badge").Should().ContainSingle().Which.Message.Should().Contain("not valid Unicode");
        report.Checks.Should().NotContain(c => c.Name == "internal");
    }

    [Fact]
    public async Task VerifyAsync_OversizedFetchedDocument_IsRefused()
    {
        var huge = "{\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        _world.Fetcher.Json(VerifierTestWorld.BadgeUrl, huge);

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Failed("fetch.badge").Should().ContainSingle().Which.Message.Should().Contain("limit");
    }

    [Fact]
    public async Task VerifyAsync_FetchBudgetExhausted_IsUnverifiable()
    {
        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl, options: new OpenBadgeVerifierOptions { MaxFetches = 2 });

        report.Status.Should().Be(VerificationStatus.Unverifiable);
        report.Failed("limits").Should().NotBeEmpty();
        _world.Fetcher.Requested.Should().HaveCount(2);
    }

    [Fact]
    public async Task VerifyAsync_ImageUrlServingImageUrlChain_StopsAtTheSecondImage()
    {
        const string first = VerifierTestWorld.Origin + "/a.png";
        const string second = VerifierTestWorld.Origin + "/b.png";
        _world.Fetcher.Responses[first] = () => DocumentFetchResult.Response(200, "image/png", PngBaking.Bake(VerifierTestWorld.BasePng, second));
        _world.Fetcher.Responses[second] = () => DocumentFetchResult.Response(200, "image/png", PngBaking.Bake(VerifierTestWorld.BasePng, first));

        var report = await _world.VerifyAsync(new VerificationInput.Url(new Uri(first)));

        report.Status.Should().Be(VerificationStatus.Invalid);
        _world.Fetcher.Requested.Should().Equal(first, second);
        report.Failed("input").Should().ContainSingle().Which.Message.Should().Contain("serves an image, not the assertion JSON");
    }

    [Fact]
    public async Task VerifyAsync_FetcherThrowsHttpRequestException_IsUnverifiable()
    {
        _world.Fetcher.Responses[VerifierTestWorld.HostedAssertion.Id] = () => throw new HttpRequestException("Name or service not known");

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Status.Should().Be(VerificationStatus.Unverifiable);
        report.Failed("fetch.assertion").Should().ContainSingle().Which.Message.Should().Contain("Name or service not known");
    }

    [Fact]
    public async Task VerifyAsync_CancelledByCaller_Throws()
    {
        using var cts = new CancellationTokenSource();
        _world.Fetcher.Responses[VerifierTestWorld.HostedAssertion.Id] = () =>
        {
            cts.Cancel();
            throw new TaskCanceledException();
        };

        var act = () => new OpenBadgeVerifier().VerifyAsync(VerifierTestWorld.HostedUrl, _world.Fetcher, VerifierTestWorld.Now, null, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task VerifyAsync_HugeHostileValues_AreTruncatedInMessages()
    {
        var json = VerifierTestWorld.With(OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), "issuedOn", new string('9', 100_000) + "\u0007");
        _world.Fetcher.Json(VerifierTestWorld.HostedAssertion.Id, json);

        var report = await _world.VerifyAsync(VerifierTestWorld.HostedUrl);

        report.Checks.Should().OnlyContain(c => c.Message.Length < 1000);
        report.Checks.Should().NotContain(c => c.Message.Contains('\u0007'));
    }

    [Fact]
    public async Task VerifyAsync_EveryPropertyOfEveryDocumentReplacedByOddValues_NeverStopsUnexpectedly()
    {
        string[] oddValues = ["null", "42", "true", "[]", "[\"a\",\"b\"]", "{}", "{\"id\":7}", "\"\"", "\"data:text/html,x\"", "\"urn:uuid:not-a-uuid\""];
        var documents = new (string Url, byte[] Json, bool Signed)[]
        {
            (VerifierTestWorld.HostedAssertion.Id, OpenBadgesDocuments.Assertion(VerifierTestWorld.HostedAssertion), false),
            (VerifierTestWorld.BadgeUrl, OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass()), false),
            (VerifierTestWorld.IssuerUrl, OpenBadgesDocuments.Profile(TestSupport.Issuer()), true),
            (VerifierTestWorld.KeyUrl, _world.Fetcher.Responses[VerifierTestWorld.KeyUrl]().Body.ToArray(), true),
            (VerifierTestWorld.RevocationsUrl, _world.Fetcher.Responses[VerifierTestWorld.RevocationsUrl]().Body.ToArray(), true),
        };
        var jws = new VerificationInput.Jws(_world.Sign(VerifierTestWorld.SignedAssertion));
        var unexpected = new List<string>();

        foreach (var (url, json, signed) in documents)
        {
            var properties = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToList();
            foreach (var property in properties)
            {
                foreach (var odd in oddValues)
                {
                    using var world = new VerifierTestWorld();
                    world.Fetcher.Json(url, VerifierTestWorld.With(json, property, System.Text.Json.Nodes.JsonNode.Parse(odd) ?? System.Text.Json.Nodes.JsonValue.Create((string?)null)));

                    var report = await world.VerifyAsync(signed ? jws : VerifierTestWorld.HostedUrl, VerifierTestWorld.RecipientEmail);

                    if (report.Checks.Any(c => c.Name == "internal"))
                    {
                        unexpected.Add($"{url} {property}={odd}: {report.Describe()}");
                    }
                }
            }
        }

        unexpected.Should().BeEmpty();
    }

    [Theory]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", typeof(VerificationInput.Jws))]
    [InlineData("  {\"id\":\"x\"} ", typeof(VerificationInput.Json))]
    [InlineData("https://badges.example.org/assertions/1", typeof(VerificationInput.Url))]
    [InlineData("ftp://example.org/x", typeof(VerificationInput.Json))]
    public void FromText_Input_DetectsKind(string text, Type expected)
    {
        VerificationInput.FromText(text).Should().BeOfType(expected);
    }
}
