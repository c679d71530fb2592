namespace BadgeForge.Core.Verification;

/// <summary>
/// Fetches linked Open Badges documents (assertions, BadgeClasses, issuer Profiles, keys, revocation lists, images)
/// for <see cref="OpenBadgeVerifier"/>. The web layer implements it over <c>HttpClient</c> and owns everything about
/// the network: SSRF protection, timeouts, redirects, response size limits, and the <c>Accept</c> header
/// (<c>application/ld+json, application/json, image/png, image/svg+xml</c>, CHECKLIST §0.3).
/// </summary>
public interface IDocumentFetcher
{
    /// <summary>
    /// GETs <paramref name="url"/>. Expected failures (refused address, DNS error, timeout, body too large) should be
    /// returned as <see cref="DocumentFetchResult.Failed"/>; exceptions other than cancellation of
    /// <paramref name="cancellationToken"/> are also caught by the verifier and reported as a failed fetch.
    /// </summary>
    Task<DocumentFetchResult> FetchAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>
/// The outcome of <see cref="IDocumentFetcher.FetchAsync"/>: an HTTP response (any status, including 404 and 410,
/// which the verifier interprets) or a failure message when no response was obtained.
/// </summary>
public sealed record DocumentFetchResult
{
    private DocumentFetchResult(int statusCode, string? contentType, ReadOnlyMemory<byte> body, string? error)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
        Error = error;
    }

    /// <summary>The HTTP status code of the final response; 0 when <see cref="Error"/> is set.</summary>
    public int StatusCode { get; }

    /// <summary>The response <c>Content-Type</c> header value (parameters included), if any.</summary>
    public string? ContentType { get; }

    /// <summary>The response body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Why no response was obtained (e.g. "timed out after 10 s"); null when there is a response.</summary>
    public string? Error { get; }

    /// <summary>An HTTP response with any status code.</summary>
    public static DocumentFetchResult Response(int statusCode, string? contentType, ReadOnlyMemory<byte> body) =>
        new(statusCode, contentType, body, null);

    /// <summary>No response: <paramref name="message"/> says why, in words fit for the verification report.</summary>
    public static DocumentFetchResult Failed(string message) =>
        new(0, null, ReadOnlyMemory<byte>.Empty, string.IsNullOrWhiteSpace(message) ? "The request failed." : message);
}
