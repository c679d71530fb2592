using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.Verification;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BadgeForge.Api.Features.Verification;

/// <summary>
/// The verify API's fetcher: documents on our own PublicBaseUrl (assertions, badge classes, issuer profiles, keys,
/// revocation lists and their images) are answered in-process, by running the request through the app's own
/// routing and endpoints, instead of a round trip through the network to ourselves; everything else goes to
/// <see cref="SafeDocumentFetcher"/>. Because the same endpoints answer, the result (status, content type, bytes)
/// is the one an HTTP GET would get, and it works where the app cannot reach its public origin (behind a proxy,
/// or with loopback refused by the SSRF rules).
/// Successful answers for issuer documents are kept in memory for a short time (<see cref="OwnDocumentCache"/>), so a
/// verification of one of our own badges usually runs no endpoint and no database query at all.
/// </summary>
public sealed class OwnOriginDocumentFetcher(
    SafeDocumentFetcher remote, LocalDocumentPipeline local, PublicUrls urls, IServiceScopeFactory scopes, IOptions<VerificationOptions> options,
    IMemoryCache cache, TimeProvider clock)
    : IDocumentFetcher
{
    /// A kept answer and when it was read from the endpoint (so from the database).
    private sealed record KeptDocument(DocumentFetchResult Result, DateTimeOffset ReadAt);

    // Only the public Open Badges documents; anything else on our origin (pages, /api) is fetched like any URL.
    private static readonly string[] DocumentPrefixes = ["/assertions/", "/issuers/"];

    /// <summary>
    /// Until when a report built from the documents fetched so far may be kept (<see cref="VerificationResultCache"/>)
    /// without showing a revocation later than 5 seconds after it was made on any instance: the earliest moment one of
    /// the changeable documents used (issuer profile, revocation list, hosted assertion) turns 5 seconds old. Null when a
    /// document came from another origin (or through a redirect): such reports are not kept at all. One instance serves
    /// one verification (it is transient).
    /// </summary>
    public DateTimeOffset? KeepReportUntil { get; private set; } = DateTimeOffset.MaxValue;

    public async Task<DocumentFetchResult> FetchAsync(Uri url, CancellationToken ct)
    {
        if (LocalPath(url) is not { } path || local.Pipeline is not { } pipeline)
        {
            KeepReportUntil = null;
            return await remote.FetchAsync(url, ct);
        }
        var cacheKey = OwnDocumentCache.Key(path + url.Query);
        if (cacheKey is not null && cache.TryGetValue(cacheKey, out KeptDocument? kept) && kept is not null)
        {
            Used(path, kept.ReadAt, kept.Result);
            return kept.Result;
        }
        var readAt = clock.GetUtcNow();
        if (await RunAsync(pipeline, url, path, ct) is not { } result)
        {
            // Redirects are followed (and re-checked) exactly as for any other origin.
            KeepReportUntil = null;
            return await remote.FetchAsync(url, ct);
        }
        // A hosted assertion comes from its endpoint's own cache, which may hold it for up to 5 seconds: count it as
        // read that long ago, so a report resting on it is not kept on top of that.
        Used(path, path.StartsWith("/assertions/", StringComparison.Ordinal) ? readAt - OwnDocumentCache.FreshTimeToLive : readAt, result);
        if (cacheKey is not null && result.StatusCode == StatusCodes.Status200OK && result.Error is null)
        {
            cache.Set(cacheKey, new KeptDocument(result, readAt), new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = OwnDocumentCache.TimeToLive(path),
                Size = result.Body.Length + 256,
            });
        }
        return result;
    }

    private void Used(string path, DateTimeOffset readAt, DocumentFetchResult result)
    {
        if (KeepReportUntil is not { } until)
        {
            return;
        }
        // A failed read (a database timeout, say) may succeed next time: a report resting on it is not kept at all.
        var keepable = result.StatusCode == StatusCodes.Status200OK && result.Error is null;
        var limit = !keepable ? readAt
            : OwnDocumentCache.IsImmutable(path) ? DateTimeOffset.MaxValue
            : readAt + OwnDocumentCache.FreshTimeToLive;
        if (limit < until)
        {
            KeepReportUntil = limit;
        }
    }

    /// Runs the request through our endpoints; null when they answered with a redirect.
    private async Task<DocumentFetchResult?> RunAsync(RequestDelegate pipeline, Uri url, string path, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = ct };
        var baseUri = new Uri(urls.BaseUrl);
        http.Request.Method = HttpMethods.Get;
        http.Request.Scheme = baseUri.Scheme;
        http.Request.Host = HostString.FromUriComponent(baseUri);
        http.Request.PathBase = PathString.FromUriComponent(baseUri.AbsolutePath.TrimEnd('/'));
        http.Request.Path = PathString.FromUriComponent(path);
        http.Request.QueryString = QueryString.FromUriComponent(url.Query);
        http.Request.Headers.Accept = SafeDocumentFetcher.Accept;
        using var body = new MemoryStream();
        http.Response.Body = body;
        try
        {
            await pipeline(http);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Over HTTP the exception handler would have answered 500; the verifier only needs to know it failed.
            return DocumentFetchResult.Response(StatusCodes.Status500InternalServerError, null, ReadOnlyMemory<byte>.Empty);
        }
        if (http.Response.StatusCode is >= 300 and < 400)
        {
            return null;
        }
        var limit = options.Value.MaxResponseBytes;
        if (body.Length > limit)
        {
            return DocumentFetchResult.Failed($"{url} sent more than {limit} bytes.");
        }
        var mediaType = MediaTypeHeaderValue.TryParse(http.Response.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        return DocumentFetchResult.Response(http.Response.StatusCode, mediaType, body.ToArray());
    }

    /// The path of <paramref name="url"/> below PublicBaseUrl when it is one of our public documents; otherwise null.
    private string? LocalPath(Uri url)
    {
        var baseUrl = urls.BaseUrl;
        if (!url.IsAbsoluteUri || !string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment)
            || !url.AbsoluteUri.StartsWith(baseUrl + "/", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var origin)
            || !string.Equals(url.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(url.Authority, origin.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var path = url.AbsolutePath[(origin.AbsolutePath.TrimEnd('/').Length)..];
        return DocumentPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)) ? path : null;
    }
}

/// <summary>
/// A second request pipeline over the app's endpoints, for <see cref="OwnOriginDocumentFetcher"/>: the error and
/// status-code handling and authentication that the public pipeline in Program.cs has before its endpoints, then
/// routing to the same endpoint data sources. Built once, on first use, when every endpoint is mapped.
/// </summary>
public sealed class LocalDocumentPipeline
{
    private Lazy<RequestDelegate>? _pipeline;

    public RequestDelegate? Pipeline => _pipeline?.Value;

    /// Called once by MapVerifyEndpoints with the app itself.
    internal void Attach(IApplicationBuilder app, IEndpointRouteBuilder endpoints) => _pipeline = new Lazy<RequestDelegate>(() =>
    {
        // A branch of WebApplication gets a routing world of its own: hand it the app's endpoint data sources.
        var local = app.New();
        local.UseExceptionHandler();
        local.UseStatusCodePages();
        local.UseRouting();
        local.UseAuthentication();
        local.UseAuthorization();
        local.UseEndpoints(e =>
        {
            foreach (var source in endpoints.DataSources)
            {
                e.DataSources.Add(source);
            }
        });
        return local.Build();
    });
}
