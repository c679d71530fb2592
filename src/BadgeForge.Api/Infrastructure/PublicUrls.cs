namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Builds every public id and link from the configured <c>PublicBaseUrl</c>, never from the request's Host header:
/// badge ids are permanent and a spoofed Host must not be able to mint links to another origin.
/// </summary>
public sealed class PublicUrls
{
    public PublicUrls(string baseUrl) => BaseUrl = baseUrl.TrimEnd('/');

    /// The origin (and optional path prefix) without a trailing slash, e.g. https://badges.example.org.
    public string BaseUrl { get; }

    /// An absolute URL for a path such as "/api/organisations/…".
    public string For(string path) => BaseUrl + "/" + path.TrimStart('/');

    public static PublicUrls FromConfiguration(IConfiguration configuration)
    {
        var value = configuration["PublicBaseUrl"];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StartupException("PublicBaseUrl is not set: set it to the public origin of this service, e.g. PublicBaseUrl=https://badges.example.org.");
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new StartupException($"PublicBaseUrl '{value}' is not an absolute http(s) URL without query, fragment or credentials, e.g. https://badges.example.org.");
        }
        return new PublicUrls(uri.GetLeftPart(UriPartial.Path));
    }
}
