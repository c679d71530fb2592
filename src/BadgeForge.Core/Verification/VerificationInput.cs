using System.Text.RegularExpressions;

namespace BadgeForge.Core.Verification;

/// <summary>
/// What a caller asks <see cref="OpenBadgeVerifier"/> to verify: one of <see cref="Url"/>, <see cref="Json"/>,
/// <see cref="Jws"/> or <see cref="Image"/> (the inputs the 1EdTech validator accepts, CHECKLIST §7). Use
/// <see cref="FromText"/> when the kind of a pasted string is not known.
/// </summary>
public abstract partial record VerificationInput
{
    private VerificationInput()
    {
    }

    /// <summary>A hosted assertion URL, or the URL of a baked PNG/SVG badge image.</summary>
    /// <param name="Value">An absolute http(s) URL.</param>
    public sealed record Url(Uri Value) : VerificationInput;

    /// <summary>
    /// An assertion as JSON text. As in the SPEC ("the input data should only be trusted to identify the URI") and
    /// PYV, only its <c>id</c> is used: the hosted copy is fetched from there (CHECKLIST §3.5, §7).
    /// </summary>
    /// <param name="Value">The JSON text.</param>
    public sealed record Json(string Value) : VerificationInput;

    /// <summary>A signed assertion as a compact JWS.</summary>
    /// <param name="Value">The compact serialization <c>header.payload.signature</c>.</param>
    public sealed record Jws(string Value) : VerificationInput;

    /// <summary>An uploaded baked badge image; PNG or SVG is detected from the bytes, not from a name or content type.</summary>
    /// <param name="Value">The file's bytes.</param>
    public sealed record Image(ReadOnlyMemory<byte> Value) : VerificationInput;

    /// <summary>
    /// Classifies pasted text the way PYV's <c>DETECT_INPUT_TYPE</c> does (CHECKLIST §8.1): a compact JWS (PYV's
    /// regex, tightened to base64url), a JSON object (first non-blank character <c>{</c>), otherwise a URL when it is
    /// an absolute http(s) URL. Anything else is returned as <see cref="Json"/>, so verification reports it as
    /// unreadable input instead of guessing.
    /// </summary>
    public static VerificationInput FromText(string text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (CompactJws().IsMatch(trimmed))
        {
            return new Jws(trimmed);
        }
        if (trimmed.StartsWith('{'))
        {
            return new Json(trimmed);
        }
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return new Url(uri);
        }
        return new Json(trimmed);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    internal static partial Regex CompactJws();
}
