using System.Text;
using System.Xml;
using System.Xml.Linq;
using BadgeForge.Core.OpenBadges;

namespace BadgeForge.Core.Baking;

/// <summary>The Open Badges data found in a baked SVG.</summary>
/// <param name="Verify">
/// The <c>verify</c> attribute: the assertion URL for hosted badges, the compact JWS for signed badges.
/// </param>
/// <param name="AssertionJson">The assertion JSON in the element body (hosted badges), or null if the element is empty.</param>
public sealed record SvgBakedAssertion(string Verify, string? AssertionJson);

/// <summary>
/// Open Badges 2.0 SVG baking (SPEC ob_v2p0/baking/index.md; CHECKLIST §6): an
/// <c>&lt;openbadges:assertion verify="…"&gt;</c> element, namespace <c>http://openbadges.org</c>, as the first child
/// of the root <c>&lt;svg&gt;</c>. Parsing never processes a DTD, so external entities (XXE) and entity expansion
/// attacks are impossible; an SVG that declares one is rejected.
/// </summary>
public static class SvgBaking
{
    /// <summary>The Open Badges 2.0 baking namespace.</summary>
    public const string Namespace = "http://openbadges.org";

    /// <summary>Upper bound on the characters read from an SVG.</summary>
    public const long MaxCharacters = 16 * 1024 * 1024;

    private static readonly XNamespace Ob = Namespace;
    private static readonly XName AssertionName = Ob + "assertion";

    /// <summary>
    /// Bakes a hosted assertion: <c>verify</c> = the assertion URL and the body = the assertion JSON in a CDATA
    /// section, the SPEC's own hosted example. (PYV mishandles this shape, CHECKLIST §6: prefer PNG for hosted badges.)
    /// </summary>
    /// <exception cref="BadgeImageFormatException">The SVG is malformed, has a DTD, or its root is not <c>svg</c>.</exception>
    /// <exception cref="ArgumentException">The URL is not absolute http(s) or the JSON is empty.</exception>
    public static byte[] BakeHosted(ReadOnlySpan<byte> svg, Uri assertionId, string assertionJson)
    {
        ArgumentNullException.ThrowIfNull(assertionId);
        if (!assertionId.IsAbsoluteUri || (assertionId.Scheme != Uri.UriSchemeHttps && assertionId.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The assertion id must be an absolute http(s) URL.", nameof(assertionId));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(assertionJson);
        // XCData splits a "]]>" inside the text into two sections when written, so any JSON is safe here.
        return Bake(svg, new XElement(AssertionName, new XAttribute("verify", assertionId.ToAsciiString()), new XCData(assertionJson)));
    }

    /// <summary>Bakes a signed assertion: a self-closing element whose <c>verify</c> is the compact JWS.</summary>
    /// <exception cref="BadgeImageFormatException">The SVG is malformed, has a DTD, or its root is not <c>svg</c>.</exception>
    /// <exception cref="ArgumentException">The JWS is empty or contains whitespace.</exception>
    public static byte[] BakeSigned(ReadOnlySpan<byte> svg, string jws)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jws);
        if (jws.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A compact JWS contains no whitespace.", nameof(jws));
        }
        return Bake(svg, new XElement(AssertionName, new XAttribute("verify", jws)));
    }

    /// <summary>
    /// Reads the first <c>openbadges:assertion</c> element, or returns null when the SVG carries none.
    /// </summary>
    /// <exception cref="BadgeImageFormatException">The SVG is malformed, has a DTD, or the element has no <c>verify</c>.</exception>
    public static SvgBakedAssertion? Unbake(ReadOnlySpan<byte> svg)
    {
        var document = Load(svg);
        var element = document.Root!.Descendants(AssertionName).FirstOrDefault();
        if (element is null)
        {
            return null;
        }
        var verify = element.Attribute("verify")?.Value.Trim();
        if (string.IsNullOrEmpty(verify))
        {
            throw new BadgeImageFormatException("The openbadges:assertion element has no verify attribute.");
        }
        var json = element.Value.Trim();
        return new SvgBakedAssertion(verify, json.Length == 0 ? null : json);
    }

    private static byte[] Bake(ReadOnlySpan<byte> svg, XElement assertion)
    {
        var document = Load(svg);
        var root = document.Root!;
        // Exactly one assertion element may exist: re-baking replaces, never appends.
        root.Descendants(AssertionName).Remove();
        foreach (var stale in root.Attributes().Where(a => a.IsNamespaceDeclaration && a.Value == Namespace).ToList())
        {
            stale.Remove();
        }
        root.SetAttributeValue(XNamespace.Xmlns + "openbadges", Namespace);
        root.AddFirst(assertion);

        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            OmitXmlDeclaration = document.Declaration is null,
            Indent = false,
            NewLineHandling = NewLineHandling.None,
        };
        using var output = new MemoryStream(svg.Length + 1024);
        using (var writer = XmlWriter.Create(output, settings))
        {
            document.Save(writer);
        }
        return output.ToArray();
    }

    private static XDocument Load(ReadOnlySpan<byte> svg)
    {
        var settings = new XmlReaderSettings
        {
            // Prohibit, not Ignore: a DOCTYPE in an uploaded badge is an attack or an error, and saying so is clearer
            // than silently dropping entity declarations (OWASP XXE prevention cheat sheet, .NET section).
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
        };
        XDocument document;
        try
        {
            using var input = new MemoryStream(svg.ToArray(), writable: false);
            using var reader = XmlReader.Create(input, settings);
            document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadgeImageFormatException("The SVG declares a DTD (DOCTYPE), which is refused to prevent XXE and entity expansion.", ex);
        }
        catch (XmlException ex)
        {
            throw new BadgeImageFormatException($"The SVG is not well-formed XML: {ex.Message}", ex);
        }

        if (document.Root is null || document.Root.Name.LocalName != "svg")
        {
            throw new BadgeImageFormatException($"The root element is '{document.Root?.Name.LocalName}', not 'svg'.");
        }
        return document;
    }
}
