using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BadgeForge.Core.OpenBadges;

namespace BadgeForge.Core.Verification;

/// <summary>Which Open Badges version a document's <c>@context</c> declares.</summary>
internal enum ContextVersion
{
    Missing,
    V2,
    V1,
    Other,
}

/// <summary>Bounded JSON parsing and the OB 2.0 primitive-type tests of CHECKLIST §1, for untrusted documents.</summary>
internal static partial class ObJson
{
    public const string FullIriPrefix = "https://w3id.org/openbadges#";

    private static readonly string[] V2Contexts = [OpenBadgesVocabulary.ContextV2, "https://openbadgespec.org/v2/context.json"];

    /// <summary>Parses a JSON object, enforcing the size and depth limits and refusing duplicate property names.</summary>
    public static bool TryParseObject(ReadOnlyMemory<byte> utf8, OpenBadgeVerifierOptions options, out JsonElement root, out string error)
    {
        root = default;
        if (utf8.Length > options.MaxJsonBytes)
        {
            error = $"the JSON is {utf8.Length} bytes, more than the {options.MaxJsonBytes}-byte limit";
            return false;
        }
        if (utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }
        // JsonDocument defers UTF-8 validation of strings to GetString(), which would then throw mid-verification.
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            error = "it is not valid UTF-8";
            return false;
        }
        var documentOptions = new JsonDocumentOptions
        {
            MaxDepth = options.MaxJsonDepth,
            // Two "id" or "alg" members could be read differently by two consumers; refuse them instead.
            AllowDuplicateProperties = false,
        };
        try
        {
            using var document = JsonDocument.Parse(utf8, documentOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"the JSON is a {document.RootElement.ValueKind}, not an object";
                return false;
            }
            if (!AllStringsDecode(document.RootElement))
            {
                error = "it contains a string that is not valid Unicode (an unpaired surrogate escape such as \\uD800)";
                return false;
            }
            root = document.RootElement.Clone();
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            error = "it is not valid JSON within the limits (" + Show(ex.Message, 160) + ")";
            return false;
        }
    }

    /// <summary>
    /// Decodes every property name and string once, up front: <see cref="JsonElement.GetString"/> throws on an escaped
    /// unpaired surrogate, and the rules must be able to read any value of an accepted document without throwing.
    /// </summary>
    private static bool AllStringsDecode(JsonElement root)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(root);
        try
        {
            while (pending.Count > 0)
            {
                var element = pending.Pop();
                switch (element.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (var property in element.EnumerateObject())
                        {
                            _ = property.Name;
                            pending.Push(property.Value);
                        }
                        break;
                    case JsonValueKind.Array:
                        foreach (var item in element.EnumerateArray())
                        {
                            pending.Push(item);
                        }
                        break;
                    case JsonValueKind.String:
                        _ = element.GetString();
                        break;
                }
            }
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads <c>@context</c>: a string, or an array whose string entries include the OB 2.0 context.</summary>
    public static ContextVersion ReadContext(JsonElement node)
    {
        if (!node.TryGetProperty("@context", out var context))
        {
            return ContextVersion.Missing;
        }
        var values = context.ValueKind switch
        {
            JsonValueKind.String => [context.GetString()!],
            JsonValueKind.Array => context.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
            _ => Array.Empty<string>(),
        };
        if (values.Any(v => V2Contexts.Contains(v, StringComparer.Ordinal)))
        {
            return ContextVersion.V2;
        }
        return values.Any(v => v.StartsWith("https://w3id.org/openbadges/v1", StringComparison.Ordinal) || v.Contains("openbadges/v1", StringComparison.Ordinal))
            ? ContextVersion.V1
            : ContextVersion.Other;
    }

    /// <summary>An optional property; JSON <c>null</c> counts as absent (Badgr writes <c>"narrative": null</c>).</summary>
    public static bool TryGet(JsonElement node, string name, out JsonElement value)
    {
        if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>The string value of a property, or null when absent or not a string.</summary>
    public static string? String(JsonElement node, string name) =>
        TryGet(node, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The <c>id</c> of a node given as an IRI string or as an embedded object with <c>id</c>.</summary>
    public static string? IdOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object => String(value, "id"),
        _ => null,
    };

    /// <summary>Values of a property that allows one value or an array ("multiple values allowed"), as ids.</summary>
    public static IReadOnlyList<string> Ids(JsonElement node, string name)
    {
        if (!TryGet(node, name, out var value))
        {
            return [];
        }
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        return items.Select(IdOf).OfType<string>().ToList();
    }

    /// <summary>Whether a <c>type</c> value names <paramref name="expected"/>, as a term or as the full vocabulary IRI.</summary>
    public static bool IsType(string? value, params string[] expected) =>
        value is not null && expected.Any(e => value == e || value == FullIriPrefix + e);

    /// <summary>CHECKLIST §1 URL: absolute http(s).</summary>
    public static bool IsHttpUrl(string? value, out Uri uri)
    {
        uri = null!;
        return value is not null
               && Uri.TryCreate(value, UriKind.Absolute, out uri!)
               && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }

    /// <summary>CHECKLIST §1 IRI: an http(s) URL, a <c>urn:uuid:</c>, or a blank node <c>_:</c>.</summary>
    public static bool IsIri(string? value) =>
        value is not null && (IsHttpUrl(value, out _) || UrnUuid().IsMatch(value) || value.StartsWith("_:", StringComparison.Ordinal));

    /// <summary>
    /// CHECKLIST §1 DateTime: ISO 8601 with a time and a zone designator (<c>Z</c>, <c>±hh</c>, <c>±hhmm</c>,
    /// <c>±hh:mm</c>); fractional seconds allowed. Date-only and zone-less values fail.
    /// </summary>
    public static bool TryParseDateTime(string? value, out DateTimeOffset result)
    {
        result = default;
        if (value is null)
        {
            return false;
        }
        var match = DateTimeWithZone().Match(value);
        if (!match.Success)
        {
            return false;
        }
        var zone = match.Groups["zone"].Value;
        var normalizedZone = zone switch
        {
            "Z" or "z" => "+00:00",
            { Length: 3 } => zone + ":00",
            { Length: 5 } => zone[..3] + ":" + zone[3..],
            _ => zone,
        };
        var seconds = match.Groups["sec"].Success ? match.Groups["sec"].Value : ":00";
        var text = $"{match.Groups["date"].Value}T{match.Groups["hm"].Value}{seconds}{match.Groups["frac"].Value}{normalizedZone}";
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out result);
    }

    /// <summary>CHECKLIST §1 IdentityHash: <c>md5$</c> + 32 hex or <c>sha256$</c> + 64 hex, either case.</summary>
    public static bool IsIdentityHash(string value) => IdentityHash().IsMatch(value);

    /// <summary>CHECKLIST §1 e-mail shape.</summary>
    public static bool IsEmail(string? value) => value is not null && Email().IsMatch(value);

    /// <summary>
    /// A value from an untrusted document made safe to echo in a message: control characters replaced, and cut to
    /// <paramref name="max"/> characters.
    /// </summary>
    public static string Show(string? value, int max = 120)
    {
        if (value is null)
        {
            return "(none)";
        }
        var builder = new StringBuilder(Math.Min(value.Length, max + 1));
        foreach (var c in value)
        {
            if (builder.Length >= max)
            {
                builder.Append('…');
                break;
            }
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return builder.ToString();
    }

    /// <summary>A JSON value shown in a message: strings as they are, anything else by its kind.</summary>
    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "'" + Show(value.GetString()) + "'",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "the number " + Show(value.GetRawText(), 40),
        _ => Show(value.GetRawText(), 40),
    };

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})T(?<hm>\d{2}:\d{2})(?<sec>:\d{2})?(?<frac>\.\d{1,9})?(?<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeWithZone();

    [GeneratedRegex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrnUuid();

    [GeneratedRegex(@"^(md5\$[0-9a-fA-F]{32}|sha256\$[0-9a-fA-F]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentityHash();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
