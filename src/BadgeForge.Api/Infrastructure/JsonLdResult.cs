using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// An Open Badges JSON-LD document, sent byte for byte as Core built it (signatures cover those exact bytes).
/// Content type per OB 2.0 "Setting Content-Type": application/ld+json, or application/json when that is all the
/// client accepts. Strong ETag and Cache-Control let clients and proxies reuse documents without asking again.
/// </summary>
public sealed class JsonLdResult(byte[] body, TimeSpan maxAge, int statusCode = StatusCodes.Status200OK, string? etag = null)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public const string JsonLd = "application/ld+json";

    public int? StatusCode => statusCode;

    /// The strong ETag of a body; callers that cache a document pass it in once instead of hashing per request.
    public static string ETagOf(byte[] body) => "\"" + Convert.ToBase64String(SHA256.HashData(body)[..16]).TrimEnd('=') + "\"";

    public async Task ExecuteAsync(HttpContext http)
    {
        var tag = etag ?? ETagOf(body);
        var response = http.Response;
        response.Headers.ETag = tag;
        response.Headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
        response.Headers.Vary = "Accept";
        if (statusCode == StatusCodes.Status200OK
            && http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == tag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = statusCode;
        response.ContentType = PrefersPlainJson(http.Request) ? "application/json; charset=utf-8" : JsonLd + "; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// True when the client accepts application/json but not JSON-LD.
    private static bool PrefersPlainJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Count > 0
               && accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && a.Quality != 0)
               && !accept.Any(a => (a.MediaType.Equals(JsonLd, StringComparison.OrdinalIgnoreCase) || a.MatchesAllTypes) && a.Quality != 0);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(object), [JsonLd, "application/json"]));
}
