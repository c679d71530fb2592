using BadgeForge.Core;

namespace BadgeForge.Api.Pages;

/// The language of a public page: ?lang=sl|en first (the page's switch), then Accept-Language, then Slovenian.
public static class PageLanguage
{
    public static string Resolve(HttpContext http)
    {
        var query = http.Request.Query["lang"].ToString();
        if (LocalizedText.Languages.Contains(query))
        {
            return query;
        }
        var preferred = http.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is not null && LocalizedText.Languages.Contains(l));
        return preferred ?? "sl";
    }

    /// <summary>
    /// HTML only when the client prefers it (browsers, phones scanning a QR code). Open Badges validators send
    /// "application/ld+json, application/json, image/png, image/svg+xml" and must get JSON.
    /// </summary>
    public static bool WantsHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var html = accept.Where(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var json = accept.Where(a => a.MediaType.Value is { } m && (m.Contains("json", StringComparison.OrdinalIgnoreCase)))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return html > 0 && html >= json;
    }
}
