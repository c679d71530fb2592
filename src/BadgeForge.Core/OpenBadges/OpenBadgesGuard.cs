using System.Text.RegularExpressions;

namespace BadgeForge.Core.OpenBadges;

/// <summary>Input checks shared by the document builders, mirroring the primitive types of CHECKLIST §1.</summary>
internal static partial class OpenBadgesGuard
{
    /// <summary>PYV/SPEC URL: absolute, scheme http or https (tasks/utils.py is_url).</summary>
    public static bool IsHttpUrl(Uri? value) =>
        value is { IsAbsoluteUri: true } && (value.Scheme == Uri.UriSchemeHttps || value.Scheme == Uri.UriSchemeHttp);

    /// <summary>PYV IRI: an http(s) URL or a version 1–5 <c>urn:uuid:</c> (tasks/utils.py is_iri, URN_REGEX).</summary>
    public static bool IsIri(string? value) =>
        value is not null
        && (UrnUuid().IsMatch(value)
            || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && IsHttpUrl(uri) && uri.OriginalString == value));

    /// <summary>SPEC/PYV e-mail shape <c>^[^@\s]+@[^@\s]+$</c>.</summary>
    public static bool IsEmail(string? value) => value is not null && Email().IsMatch(value);

    /// <summary>
    /// The URI as ASCII: an internationalised host becomes punycode (<see cref="Uri.IdnHost"/>) and the rest stays as
    /// <see cref="Uri.AbsoluteUri"/> escapes it. <see cref="Uri.AbsoluteUri"/> alone keeps a Unicode host, which is an
    /// IRI rather than an RFC 3986 URI, and validators check URLs with an RFC 3986 parser (CHECKLIST §1 "URL").
    /// </summary>
    public static string ToAsciiString(this Uri uri)
    {
        if (uri.Host.All(char.IsAscii))
        {
            return uri.AbsoluteUri;
        }
        return new UriBuilder(uri) { Host = uri.IdnHost }.Uri.AbsoluteUri;
    }

    public static Uri HttpUrl(Uri? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsHttpUrl(value))
        {
            throw new ArgumentException($"{paramName} must be an absolute http(s) URL, got '{value}'.", paramName);
        }
        return value;
    }

    public static string Text(string? value, string paramName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{paramName} is required and must not be blank.", paramName);
        }
        return value;
    }

    public static string Iri(string? value, string paramName)
    {
        if (!IsIri(value))
        {
            throw new ArgumentException(
                $"{paramName} must be an absolute http(s) URL or a urn:uuid: IRI, got '{value}'.", paramName);
        }
        return value!;
    }

    [GeneratedRegex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrnUuid();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"^sha256\$[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    internal static partial Regex Sha256IdentityHash();
}
