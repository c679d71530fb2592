using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace BadgeForge.Core.Images;

/// <summary>
/// Renders a round badge as a self-contained SVG (no external fonts, images or scripts), deterministic for a given
/// design. Shapes and level marks carry the identity at 64 px; the title becomes legible from about 128 px and is
/// vector-sharp at print size. All text goes through the XML writer, so titles cannot inject markup.
/// <see cref="RenderPng"/> rasterises the same design for PNG baking.
/// </summary>
public static partial class BadgeImageRenderer
{
    /// <summary>The largest supported <see cref="BadgeImageDesign.LevelCount"/>.</summary>
    public const int MaxLevels = 10;

    private const int Size = 512;
    private const int Center = Size / 2;
    private const int MaxTitleLines = 3;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // Fonts with full Latin Extended-A coverage first (č, š, ž, ć, đ), then platform fallbacks.
    private const string FontFamily = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";

    /// <summary>Renders <paramref name="design"/> as SVG markup (UTF-8 text without XML declaration).</summary>
    /// <exception cref="ArgumentException">Blank title, colour not <c>#RRGGBB</c>, or levels out of range.</exception>
    public static string RenderSvg(BadgeImageDesign design)
    {
        var (title, subtitle) = Validate(design);

        var (r, g, b) = ParseColor(design.Color!);
        var baseColor = ToHex(r, g, b);
        var dark = ToHex(Scale(r, 0.62), Scale(g, 0.62), Scale(b, 0.62));
        var light = ToHex(Mix(r, 0.28), Mix(g, 0.28), Mix(b, 0.28));
        // WCAG relative luminance decides between white and near-black text on the mid-tone of the gradient.
        var ink = RelativeLuminance(r, g, b) > 0.45 ? "#1a1a1a" : "#ffffff";

        // Ids are unique per design so several badges can be inlined into one HTML page without gradient clashes.
        var idPrefix = "bf" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{title}|{subtitle}|{design.Level}|{design.LevelCount}|{baseColor}")))[..8];
        var gradientId = idPrefix + "-face";

        var accessibleName = $"{title} ({design.Level}/{design.LevelCount})";
        var svg = new XElement(Svg + "svg",
            new XAttribute("viewBox", $"0 0 {Size} {Size}"),
            new XAttribute("width", Size),
            new XAttribute("height", Size),
            new XAttribute("role", "img"),
            new XAttribute("aria-label", accessibleName),
            new XElement(Svg + "title", accessibleName),
            new XElement(Svg + "defs",
                new XElement(Svg + "linearGradient",
                    new XAttribute("id", gradientId), new XAttribute("x1", "0"), new XAttribute("y1", "0"),
                    new XAttribute("x2", "0"), new XAttribute("y2", "1"),
                    new XElement(Svg + "stop", new XAttribute("offset", "0"), new XAttribute("stop-color", light)),
                    new XElement(Svg + "stop", new XAttribute("offset", "1"), new XAttribute("stop-color", baseColor)))),
            Circle(252, dark, null),
            Circle(236, "#ffffff", null),
            Circle(226, $"url(#{gradientId})", null),
            Circle(204, "none", ink, strokeOpacity: "0.35", strokeWidth: 3));

        if (subtitle.Length > 0)
        {
            var sub = Truncate(subtitle, 28);
            svg.Add(Text(sub, Center, 150, FitFont(sub, 300, 30), ink, "600", opacity: "0.85"));
        }

        var lines = Wrap(title);
        var fontSize = lines.Select(l => FitFont(l, 330, 66)).Min();
        var lineHeight = fontSize * 1.15;
        var firstBaseline = 262 - ((lines.Count - 1) * lineHeight / 2) + (fontSize * 0.35);
        for (var i = 0; i < lines.Count; i++)
        {
            svg.Add(Text(lines[i], Center, firstBaseline + (i * lineHeight), fontSize, ink, "700"));
        }

        svg.Add(LevelMarks(design.Level, design.LevelCount, ink));
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Checks the design and returns its cleaned title and subtitle (empty when absent).</summary>
    private static (string Title, string Subtitle) Validate(BadgeImageDesign design)
    {
        ArgumentNullException.ThrowIfNull(design);
        var title = CleanText(design.Title);
        if (title.Length == 0)
        {
            throw new ArgumentException("The badge title must not be blank.", nameof(design));
        }
        if (!HexColor().IsMatch(design.Color ?? ""))
        {
            throw new ArgumentException($"Colour '{design.Color}' is not of the form #RRGGBB.", nameof(design));
        }
        if (design.LevelCount is < 1 or > MaxLevels || design.Level < 1 || design.Level > design.LevelCount)
        {
            throw new ArgumentException($"Level {design.Level} of {design.LevelCount} is out of range (1 ≤ level ≤ count ≤ {MaxLevels}).", nameof(design));
        }
        var subtitle = design.Subtitle is null ? "" : CleanText(design.Subtitle);
        return (title, subtitle);
    }

    /// <summary>
    /// Level marks: a row of stars near the bottom, filled up to the achieved level and outlined above it. Stars scale
    /// down as the count grows so ten still fit inside the face.
    /// </summary>
    private static XElement LevelMarks(int level, int count, string ink)
    {
        var radius = count <= 3 ? 26.0 : count <= 5 ? 22.0 : 13.0;
        var gap = radius * 2.3;
        var startX = Center - ((count - 1) * gap / 2);
        var group = new XElement(Svg + "g", new XAttribute("aria-hidden", "true"));
        for (var i = 0; i < count; i++)
        {
            var filled = i < level;
            group.Add(new XElement(Svg + "path",
                new XAttribute("d", StarPath(startX + (i * gap), 372, radius)),
                new XAttribute("fill", filled ? ink : "none"),
                new XAttribute("stroke", ink),
                new XAttribute("stroke-width", F(radius * 0.16)),
                new XAttribute("stroke-linejoin", "round"),
                filled ? null : new XAttribute("stroke-opacity", "0.7")));
        }
        return group;
    }

    private static string StarPath(double cx, double cy, double outer)
    {
        var inner = outer * 0.45;
        var sb = new StringBuilder();
        for (var k = 0; k < 10; k++)
        {
            var radius = k % 2 == 0 ? outer : inner;
            var angle = (-Math.PI / 2) + (k * Math.PI / 5);
            sb.Append(k == 0 ? 'M' : 'L')
                .Append(F(cx + (radius * Math.Cos(angle)))).Append(' ')
                .Append(F(cy + (radius * Math.Sin(angle))));
        }
        return sb.Append('Z').ToString();
    }

    private static XElement Circle(double radius, string fill, string? stroke, string? strokeOpacity = null, double strokeWidth = 0) =>
        new(Svg + "circle",
            new XAttribute("cx", Center), new XAttribute("cy", Center), new XAttribute("r", F(radius)),
            new XAttribute("fill", fill),
            stroke is null ? null : new XAttribute("stroke", stroke),
            stroke is null ? null : new XAttribute("stroke-width", F(strokeWidth)),
            strokeOpacity is null ? null : new XAttribute("stroke-opacity", strokeOpacity));

    private static XElement Text(string value, double x, double y, double fontSize, string fill, string weight, string? opacity = null) =>
        new(Svg + "text",
            new XAttribute("x", F(x)), new XAttribute("y", F(y)),
            new XAttribute("text-anchor", "middle"),
            new XAttribute("font-family", FontFamily),
            new XAttribute("font-size", F(fontSize)),
            new XAttribute("font-weight", weight),
            new XAttribute("fill", fill),
            opacity is null ? null : new XAttribute("fill-opacity", opacity),
            value);

    /// <summary>
    /// Greedy word wrap into at most three lines, counting user-perceived characters (text elements) so combining
    /// accents are never split. The line width is widened until the title fits; words longer than a line are
    /// hyphen-broken and an over-long title ends with an ellipsis.
    /// </summary>
    internal static IReadOnlyList<string> Wrap(string title)
    {
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        List<string> lines = [];
        for (var width = 10; width <= 20; width++)
        {
            lines = WrapAt(words, width);
            if (lines.Count <= MaxTitleLines)
            {
                return lines;
            }
        }
        lines = lines.Take(MaxTitleLines).ToList();
        lines[^1] = Truncate(lines[^1] + " …", 20);
        return lines;
    }

    private static List<string> WrapAt(string[] words, int width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in words)
        {
            foreach (var piece in SplitLongWord(word, width))
            {
                var needed = TextLength(current.ToString()) + (current.Length > 0 ? 1 : 0) + TextLength(piece);
                if (current.Length > 0 && needed > width)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }
                if (current.Length > 0)
                {
                    current.Append(' ');
                }
                current.Append(piece);
            }
        }
        if (current.Length > 0)
        {
            lines.Add(current.ToString());
        }
        return lines;
    }

    private static IEnumerable<string> SplitLongWord(string word, int width)
    {
        var elements = TextElements(word);
        if (elements.Count <= width)
        {
            yield return word;
            yield break;
        }
        for (var i = 0; i < elements.Count; i += width - 1)
        {
            var take = Math.Min(width - 1, elements.Count - i);
            var piece = string.Concat(elements.Skip(i).Take(take));
            yield return i + take < elements.Count ? piece + "-" : piece;
        }
    }

    /// <summary>Font size so that <paramref name="text"/> fits <paramref name="width"/> units, capped at <paramref name="max"/>.</summary>
    private static double FitFont(string text, double width, double max)
    {
        // 0.62 em is a conservative average advance for bold sans-serif capitals and diacritics.
        var estimate = width / (Math.Max(1, TextLength(text)) * 0.62);
        return Math.Round(Math.Min(max, estimate), 1);
    }

    private static string Truncate(string text, int maxElements)
    {
        var elements = TextElements(text);
        return elements.Count <= maxElements ? text : string.Concat(elements.Take(maxElements - 1)).TrimEnd() + "…";
    }

    private static int TextLength(string text) => new StringInfo(text).LengthInTextElements;

    private static List<string> TextElements(string text)
    {
        var list = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            list.Add(enumerator.GetTextElement());
        }
        return list;
    }

    /// <summary>Drops characters XML 1.0 cannot carry (controls, lone surrogates) and collapses whitespace.</summary>
    private static string CleanText(string? text)
    {
        if (text is null)
        {
            return "";
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsWhiteSpace(c))
            {
                sb.Append(' ');
            }
            else if (XmlConvert.IsXmlChar(c) && !char.IsControl(c))
            {
                sb.Append(c);
            }
        }
        return MultipleSpaces().Replace(sb.ToString(), " ").Trim().Normalize(NormalizationForm.FormC);
    }

    private static (int R, int G, int B) ParseColor(string hex) =>
        (int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static int Scale(int channel, double factor) => (int)Math.Round(channel * factor);

    private static int Mix(int channel, double towardsWhite) => (int)Math.Round(channel + ((255 - channel) * towardsWhite));

    private static string ToHex(int r, int g, int b) => $"#{r:x2}{g:x2}{b:x2}";

    private static double RelativeLuminance(int r, int g, int b)
    {
        static double Linear(int c)
        {
            var s = c / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }
        return (0.2126 * Linear(r)) + (0.7152 * Linear(g)) + (0.0722 * Linear(b));
    }

    private static string F(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();
}
