using System.Security.Cryptography;
using System.Text;
using BadgeForge.Core.Images;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Signing;
using BadgeForge.Core.Tests.OpenBadges;
using BadgeForge.Core.Verification;

namespace BadgeForge.Core.Tests.Verification;

/// <summary>An in-memory web: URL → response. Unknown URLs answer 404; every request is recorded.</summary>
internal sealed class FakeFetcher : IDocumentFetcher
{
    public Dictionary<string, Func<DocumentFetchResult>> Responses { get; } = new(StringComparer.Ordinal);

    public List<string> Requested { get; } = [];

    public void Json(string url, byte[] body, int status = 200) =>
        Responses[url] = () => DocumentFetchResult.Response(status, "application/ld+json", body);

    public void Json(string url, string body, int status = 200) => Json(url, Encoding.UTF8.GetBytes(body), status);

    public Task<DocumentFetchResult> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        Requested.Add(url.AbsoluteUri);
        return Task.FromResult(Responses.TryGetValue(url.AbsoluteUri, out var respond)
            ? respond()
            : DocumentFetchResult.Response(404, "text/html", "<html>Not found</html>"u8.ToArray()));
    }
}

/// <summary>
/// One issuer on https://badges.example.org serving a Profile, a BadgeClass with an SVG image, a signing key, an empty
/// RevocationList and a hosted assertion, all built with the production document builders. Tests change one thing.
/// </summary>
internal sealed class VerifierTestWorld : IDisposable
{
    public const string Origin = TestSupport.Origin;
    public const string IssuerUrl = Origin + "/issuers/1";
    public const string KeyUrl = Origin + "/issuers/1/keys/1";
    public const string RevocationsUrl = Origin + "/issuers/1/revocations";
    public const string BadgeUrl = Origin + "/badgeclasses/42";
    public const string BadgeImageUrl = Origin + "/badgeclasses/42/image.svg";
    public const string RecipientEmail = "alice@example.org";

    /// <summary>A month after <see cref="TestSupport.IssuedOn"/>, inside the assertion's one-year validity.</summary>
    public static readonly DateTimeOffset Now = TestSupport.IssuedOn.AddMonths(1);

    private static readonly Lazy<RSA> OtherKey = new(() => RsaKeys.Generate());

    public VerifierTestWorld()
    {
        Key = RsaKeys.ImportPrivateKeyPem(File.ReadAllText(TestSupport.FixturePath("test-rsa-2048.pem")));
        Fetcher.Json(IssuerUrl, OpenBadgesDocuments.Profile(TestSupport.Issuer()));
        Fetcher.Json(BadgeUrl, OpenBadgesDocuments.BadgeClass(TestSupport.BadgeClass()));
        Fetcher.Responses[BadgeImageUrl] = () => DocumentFetchResult.Response(200, "image/svg+xml", BadgeSvg);
        Fetcher.Json(KeyUrl, OpenBadgesDocuments.CryptographicKey(new CryptographicKeyDefinition(
            new Uri(KeyUrl), new Uri(IssuerUrl), RsaKeys.ExportPublicKeyPem(Key))));
        Fetcher.Json(RevocationsUrl, OpenBadgesDocuments.RevocationList(new RevocationListDefinition(new Uri(RevocationsUrl), new Uri(IssuerUrl), [])));
        ServeHosted(HostedAssertion);
    }

    public FakeFetcher Fetcher { get; } = new();

    public RSA Key { get; }

    public static RSA WrongKey => OtherKey.Value;

    public static BadgeAssertion HostedAssertion => TestSupport.HostedAssertion();

    public static BadgeAssertion SignedAssertion => TestSupport.SignedAssertion();

    public static byte[] BadgeSvg { get; } = Encoding.UTF8.GetBytes(BadgeImageRenderer.RenderSvg(new BadgeImageDesign("Varjenje", 2, 3, "#aa3300")));

    public static byte[] BasePng { get; } = QrCodes.QrCodeImages.Png(new Uri(Origin + "/assertions/Zx3kq9"));

    public void ServeHosted(BadgeAssertion assertion) => Fetcher.Json(assertion.Id, OpenBadgesDocuments.Assertion(assertion));

    public string Sign(BadgeAssertion assertion, RSA? key = null) => Jws.Sign(OpenBadgesDocuments.Assertion(assertion), key ?? Key);

    public string Sign(string payloadJson, RSA? key = null) => Jws.Sign(Encoding.UTF8.GetBytes(payloadJson), key ?? Key);

    public Task<VerificationReport> VerifyAsync(VerificationInput input, string? email = null, DateTimeOffset? now = null, OpenBadgeVerifierOptions? options = null) =>
        new OpenBadgeVerifier(options).VerifyAsync(input, Fetcher, now ?? Now, email, CancellationToken.None);

    public static VerificationInput.Url HostedUrl => new(new Uri(HostedAssertion.Id));

    /// <summary>The JSON of a document with one property replaced (or removed when <paramref name="value"/> is null).</summary>
    public static string With(byte[] document, string property, System.Text.Json.Nodes.JsonNode? value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(document)!.AsObject();
        if (value is null)
        {
            node.Remove(property);
        }
        else
        {
            node[property] = value;
        }
        return node.ToJsonString();
    }

    public void Dispose() => Key.Dispose();
}

internal static class ReportAssertions
{
    /// <summary>The failed checks, for readable failure messages.</summary>
    public static string Describe(this VerificationReport report) =>
        string.Join("\n", report.Checks.Select(c => $"{(c.Passed ? "ok  " : c.Severity == VerificationSeverity.Warning ? "WARN" : "FAIL")} {c.Name}: {c.Message}"));

    public static IEnumerable<VerificationCheck> Failed(this VerificationReport report, string name) =>
        report.Checks.Where(c => !c.Passed && c.Name == name);
}
