using System.Globalization;
using System.Text;

namespace BadgeForge.Core.Images;

/// <summary>
/// The outline font of the PNG renderer: DejaVu Sans Bold glyphs for ASCII, Slovenian and the common Central and
/// Western European letters, so the raster badge shows the same face as the SVG does where DejaVu Sans is installed.
/// Characters outside the set fall back to their base letter (NFD without marks), then to <c>?</c>.
/// </summary>
internal static partial class BadgeFont
{
    // Lazy because GlyphData lives in the generated partial file, and the order of static initialisers across partial
    // declarations is unspecified.
    private static readonly Lazy<Dictionary<char, Glyph>> LazyGlyphs = new(Parse);

    private static Dictionary<char, Glyph> Glyphs => LazyGlyphs.Value;

    /// <summary>Width of <paramref name="text"/> in em (font size 1), without kerning.</summary>
    public static double MeasureEm(string text)
    {
        var units = 0;
        foreach (var glyph in Shape(text))
        {
            units += glyph.Advance;
        }
        return units / (double)UnitsPerEm;
    }

    /// <summary>
    /// Appends the flattened outline of <paramref name="text"/>, horizontally centred on <paramref name="centerX"/>
    /// with its baseline at <paramref name="baselineY"/> (pixel coordinates, y down), as polygon edges.
    /// </summary>
    public static void AppendOutline(List<Edge> edges, string text, double centerX, double baselineY, double fontSizePx)
    {
        var scale = fontSizePx / UnitsPerEm;
        var penX = centerX - (MeasureEm(text) * fontSizePx / 2);
        foreach (var glyph in Shape(text))
        {
            var ops = glyph.Ops;
            double startX = 0, startY = 0, x = 0, y = 0;
            for (var i = 0; i < ops.Length;)
            {
                var op = ops[i++];
                switch (op)
                {
                    case 'M':
                        (startX, startY) = Point(ops[i], ops[i + 1]);
                        (x, y) = (startX, startY);
                        i += 2;
                        break;
                    case 'L':
                        var (lx, ly) = Point(ops[i], ops[i + 1]);
                        edges.Add(new Edge(x, y, lx, ly));
                        (x, y) = (lx, ly);
                        i += 2;
                        break;
                    case 'Q':
                        var (cx, cy) = Point(ops[i], ops[i + 1]);
                        var (qx, qy) = Point(ops[i + 2], ops[i + 3]);
                        AppendQuadratic(edges, x, y, cx, cy, qx, qy);
                        (x, y) = (qx, qy);
                        i += 4;
                        break;
                    default: // 'Z'
                        if (x != startX || y != startY)
                        {
                            edges.Add(new Edge(x, y, startX, startY));
                        }
                        (x, y) = (startX, startY);
                        break;
                }
            }
            penX += glyph.Advance * scale;

            (double X, double Y) Point(int ux, int uy) => (penX + (ux * scale), baselineY - (uy * scale));
        }
    }

    private static void AppendQuadratic(List<Edge> edges, double x0, double y0, double cx, double cy, double x1, double y1)
    {
        // Segment count from the curve's deviation from its chord (|p0 - 2c + p1| / 4 is the maximal distance), so a
        // flattened curve stays within about 0.1 px of the true one at every size.
        var dx = x0 - (2 * cx) + x1;
        var dy = y0 - (2 * cy) + y1;
        var deviation = Math.Sqrt((dx * dx) + (dy * dy)) / 4;
        var segments = Math.Clamp((int)Math.Ceiling(Math.Sqrt(deviation / 0.1)), 1, 64);
        var px = x0;
        var py = y0;
        for (var s = 1; s <= segments; s++)
        {
            var t = s / (double)segments;
            var u = 1 - t;
            var nx = (u * u * x0) + (2 * u * t * cx) + (t * t * x1);
            var ny = (u * u * y0) + (2 * u * t * cy) + (t * t * y1);
            edges.Add(new Edge(px, py, nx, ny));
            px = nx;
            py = ny;
        }
    }

    private static IEnumerable<Glyph> Shape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                // Astral characters (emoji, historic scripts) have no glyph here: one replacement per code point.
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                yield return Glyphs['?'];
                continue;
            }
            if (Glyphs.TryGetValue(c, out var glyph))
            {
                yield return glyph;
                continue;
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                yield return Glyphs[' '];
                continue;
            }
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            yield return decomposed.Length > 1 && Glyphs.TryGetValue(decomposed[0], out var baseGlyph) ? baseGlyph : Glyphs['?'];
        }
    }

    private static Dictionary<char, Glyph> Parse()
    {
        var glyphs = new Dictionary<char, Glyph>(GlyphData.Length);
        foreach (var (c, advance, outline) in GlyphData)
        {
            var ops = new List<int>();
            var i = 0;
            while (i < outline.Length)
            {
                var op = outline[i++];
                ops.Add(op);
                var count = op switch { 'M' or 'L' => 2, 'Q' => 4, _ => 0 };
                for (var n = 0; n < count; n++)
                {
                    var start = i;
                    while (i < outline.Length && (outline[i] == '-' || char.IsAsciiDigit(outline[i])))
                    {
                        i++;
                    }
                    ops.Add(int.Parse(outline.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                    if (i < outline.Length && (outline[i] == ',' || outline[i] == ' '))
                    {
                        i++;
                    }
                }
            }
            glyphs[c] = new Glyph(advance, [.. ops]);
        }
        return glyphs;
    }

    /// <summary>A glyph: advance width in font units and its outline as op codes followed by their coordinates.</summary>
    private sealed record Glyph(int Advance, int[] Ops);
}

/// <summary>A directed polygon edge in pixel coordinates (y down); direction gives the winding sign.</summary>
internal readonly record struct Edge(double X0, double Y0, double X1, double Y1);
