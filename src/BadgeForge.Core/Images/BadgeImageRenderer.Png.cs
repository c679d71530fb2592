namespace BadgeForge.Core.Images;

public static partial class BadgeImageRenderer
{
    /// <summary>The smallest PNG edge length <see cref="RenderPng"/> accepts.</summary>
    public const int MinPngSize = 16;

    /// <summary>
    /// The largest PNG edge length <see cref="RenderPng"/> accepts; the canvas takes 16 bytes per pixel while drawing.
    /// Print sizes should use the SVG.
    /// </summary>
    public const int MaxPngSize = 1024;

    /// <summary>
    /// Rasterises the same design as <see cref="RenderSvg"/> (ring, gradient face, inner ring, subtitle, title wrapped
    /// onto up to three lines, level stars) into a square, anti-aliased RGBA PNG with a transparent background. Text
    /// uses an embedded DejaVu Sans Bold outline font covering ASCII and Central/Western European letters (Slovenian
    /// č, š, ž, ć, đ included); other characters fall back to their base letter or <c>?</c>. Output is deterministic:
    /// the same design and size give the same bytes on a given .NET runtime (a runtime update may change the deflate
    /// stream or last-bit rounding, never the image's look). The result has no metadata chunks, ready for
    /// <see cref="Baking.PngBaking.Bake"/>.
    /// </summary>
    /// <param name="design">What the badge shows.</param>
    /// <param name="size">Edge length in pixels, <see cref="MinPngSize"/>..<see cref="MaxPngSize"/>.</param>
    /// <returns>A complete PNG file (IHDR, IDAT, IEND).</returns>
    /// <exception cref="ArgumentException">Blank title, colour not <c>#RRGGBB</c>, or levels out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is outside the supported range.</exception>
    public static byte[] RenderPng(BadgeImageDesign design, int size = 512)
    {
        var (title, subtitle) = Validate(design);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinPngSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxPngSize);

        // Everything below is laid out in the SVG's 512-unit viewBox and scaled, so both formats share one geometry.
        var k = size / (double)Size;
        var (r, g, b) = ParseColor(design.Color!);
        var baseColor = RgbaCanvas.Rgb.FromBytes(r, g, b);
        var dark = RgbaCanvas.Rgb.FromBytes(Scale(r, 0.62), Scale(g, 0.62), Scale(b, 0.62));
        var light = RgbaCanvas.Rgb.FromBytes(Mix(r, 0.28), Mix(g, 0.28), Mix(b, 0.28));
        var ink = RelativeLuminance(r, g, b) > 0.45 ? RgbaCanvas.Rgb.FromBytes(0x1a, 0x1a, 0x1a) : new RgbaCanvas.Rgb(1, 1, 1);
        var white = new RgbaCanvas.Rgb(1, 1, 1);

        var canvas = new RgbaCanvas(size);
        var c = Center * k;
        canvas.FillCircle(c, c, 252 * k, _ => dark);
        canvas.FillCircle(c, c, 236 * k, _ => white);
        // The SVG gradient runs top to bottom over the face's bounding box (objectBoundingBox units).
        var faceTop = (Center - 226) * k;
        var faceHeight = 2 * 226 * k;
        canvas.FillCircle(c, c, 226 * k, y => light.Lerp(baseColor, Math.Clamp((y - faceTop) / faceHeight, 0, 1)));
        canvas.StrokeCircle(c, c, 204 * k, 3 * k, ink, 0.35);

        var edges = new List<Edge>();
        if (subtitle.Length > 0)
        {
            var sub = Truncate(subtitle, 28);
            var subSize = FitMeasured(sub, 300, FitFont(sub, 300, 30));
            BadgeFont.AppendOutline(edges, sub, c, 150 * k, subSize * k);
            canvas.FillPolygons(edges, ink, 0.85);
        }

        // Same wrap, size and baselines as the SVG; FitMeasured only shrinks a line that the real glyph widths make
        // wider than the face, which the SVG's per-character estimate cannot see (e.g. "WWW").
        var lines = Wrap(title);
        var fontSize = lines.Select(l => FitMeasured(l, 330, FitFont(l, 330, 66))).Min();
        var starRadius = design.LevelCount <= 3 ? 26.0 : design.LevelCount <= 5 ? 22.0 : 13.0;
        fontSize = FitTitleBlock(lines.Count, fontSize, subtitle.Length > 0, starRadius);
        var lineHeight = fontSize * 1.15;
        var firstBaseline = 262 - ((lines.Count - 1) * lineHeight / 2) + (fontSize * 0.35);
        edges.Clear();
        for (var i = 0; i < lines.Count; i++)
        {
            BadgeFont.AppendOutline(edges, lines[i], c, (firstBaseline + (i * lineHeight)) * k, fontSize * k);
        }
        // One fill for all lines: glyphs that touch are unioned by the non-zero rule instead of blended twice.
        canvas.FillPolygons(edges, ink, 1);

        var radius = starRadius;
        var gap = radius * 2.3;
        var startX = Center - ((design.LevelCount - 1) * gap / 2);
        for (var i = 0; i < design.LevelCount; i++)
        {
            var filled = i < design.Level;
            canvas.DrawPolygon(StarPoints((startX + (i * gap)) * k, 372 * k, radius * k), filled, radius * 0.16 * k, ink, filled ? 1 : 0.7);
        }

        return canvas.EncodePng();
    }

    /// <summary>
    /// Caps the title size so the block of lines stays between the subtitle and the stars. The SVG layout lacks this
    /// cap, and three short lines at the 66-unit maximum run into the stars there; the PNG keeps them apart.
    /// </summary>
    private static double FitTitleBlock(int lineCount, double fontSize, bool hasSubtitle, double starRadius)
    {
        // In em, relative to the block's centre line at y = 262: lines are 1.15 em apart, the first baseline sits
        // 0.35 em below centre; DejaVu Sans Bold reaches 0.93 em above the baseline with a caron (Č) and 0.24 em below.
        var halfSpread = (lineCount - 1) * 1.15 / 2;
        var maxForStars = (372 - starRadius - 6 - 262) / (halfSpread + 0.35 + 0.24);
        var maxForSubtitle = (262 - (hasSubtitle ? 164 : 60)) / (halfSpread - 0.35 + 0.93);
        return Math.Min(fontSize, Math.Min(maxForStars, maxForSubtitle));
    }

    private static double FitMeasured(string text, double width, double fontSize)
    {
        var em = BadgeFont.MeasureEm(text);
        return em * fontSize > width ? width / em : fontSize;
    }

    private static List<(double X, double Y)> StarPoints(double cx, double cy, double outer)
    {
        var inner = outer * 0.45;
        var points = new List<(double X, double Y)>(10);
        for (var k = 0; k < 10; k++)
        {
            var radius = k % 2 == 0 ? outer : inner;
            var angle = (-Math.PI / 2) + (k * Math.PI / 5);
            points.Add((cx + (radius * Math.Cos(angle)), cy + (radius * Math.Sin(angle))));
        }
        return points;
    }
}
