using System.Buffers.Binary;
using System.IO.Compression;
using BadgeForge.Core.Baking;

namespace BadgeForge.Core.Images;

/// <summary>
/// A small anti-aliased rasteriser over a premultiplied RGBA buffer (sRGB values, source-over compositing as SVG
/// renderers do), with a PNG encoder. Coverage is computed, not approximated by blurring: circles analytically, polygons
/// with 16 sub-scanlines and exact horizontal span coverage, strokes with 5×5 supersampling. Arithmetic is IEEE
/// double in a fixed order (stored as float), so the same drawing calls produce the same bytes.
/// </summary>
internal sealed class RgbaCanvas
{
    private const int SubScanlines = 16;
    private const int StrokeSamples = 5;

    private readonly int _size;
    private readonly float[] _pixels; // premultiplied R, G, B, A in 0..1; float halves the memory of a large canvas

    public RgbaCanvas(int size)
    {
        _size = size;
        _pixels = new float[size * size * 4];
    }

    /// <summary>A colour in 0..1 sRGB components.</summary>
    public readonly record struct Rgb(double R, double G, double B)
    {
        public static Rgb FromBytes(int r, int g, int b) => new(r / 255.0, g / 255.0, b / 255.0);

        public Rgb Lerp(Rgb to, double t) => new(R + ((to.R - R) * t), G + ((to.G - G) * t), B + ((to.B - B) * t));
    }

    /// <summary>Fills a disc; <paramref name="paint"/> gives the colour of each pixel row (for vertical gradients).</summary>
    public void FillCircle(double cx, double cy, double radius, Func<double, Rgb> paint, double opacity = 1) =>
        Ring(cx, cy, radius, 0, paint, opacity);

    /// <summary>Strokes a circle centred on <paramref name="radius"/> with <paramref name="width"/>.</summary>
    public void StrokeCircle(double cx, double cy, double radius, double width, Rgb color, double opacity) =>
        Ring(cx, cy, radius + (width / 2), radius - (width / 2), _ => color, opacity);

    private void Ring(double cx, double cy, double outer, double inner, Func<double, Rgb> paint, double opacity)
    {
        var y0 = Math.Max(0, (int)Math.Floor(cy - outer - 1));
        var y1 = Math.Min(_size - 1, (int)Math.Ceiling(cy + outer + 1));
        var x0 = Math.Max(0, (int)Math.Floor(cx - outer - 1));
        var x1 = Math.Min(_size - 1, (int)Math.Ceiling(cx + outer + 1));
        for (var y = y0; y <= y1; y++)
        {
            var color = paint(y + 0.5);
            var dy = y + 0.5 - cy;
            for (var x = x0; x <= x1; x++)
            {
                var dx = x + 0.5 - cx;
                var d = Math.Sqrt((dx * dx) + (dy * dy));
                // A pixel-wide linear ramp across the edge equals the area coverage to within a few percent for
                // radii of more than a couple of pixels.
                var coverage = Math.Clamp(outer - d + 0.5, 0, 1);
                if (inner > 0)
                {
                    coverage -= Math.Clamp(inner - d + 0.5, 0, 1);
                }
                Blend(x, y, color, coverage * opacity);
            }
        }
    }

    /// <summary>Fills a polygon set with the non-zero winding rule (glyph outlines and their unions).</summary>
    public void FillPolygons(IReadOnlyList<Edge> edges, Rgb color, double opacity)
    {
        if (edges.Count == 0)
        {
            return;
        }
        var minY = double.MaxValue;
        var maxY = double.MinValue;
        foreach (var e in edges)
        {
            minY = Math.Min(minY, Math.Min(e.Y0, e.Y1));
            maxY = Math.Max(maxY, Math.Max(e.Y0, e.Y1));
        }
        var rowStart = Math.Max(0, (int)Math.Floor(minY));
        var rowEnd = Math.Min(_size - 1, (int)Math.Ceiling(maxY));
        var coverage = new double[_size];
        var crossings = new List<(double X, int Winding)>();
        for (var row = rowStart; row <= rowEnd; row++)
        {
            Array.Clear(coverage);
            var touched = false;
            for (var s = 0; s < SubScanlines; s++)
            {
                var sy = row + ((s + 0.5) / SubScanlines);
                crossings.Clear();
                foreach (var e in edges)
                {
                    // Half-open in y so a vertex shared by two edges is counted once.
                    if ((e.Y0 <= sy && sy < e.Y1) || (e.Y1 <= sy && sy < e.Y0))
                    {
                        var t = (sy - e.Y0) / (e.Y1 - e.Y0);
                        crossings.Add((e.X0 + (t * (e.X1 - e.X0)), e.Y1 > e.Y0 ? 1 : -1));
                    }
                }
                if (crossings.Count < 2)
                {
                    continue;
                }
                crossings.Sort(static (a, b) => a.X.CompareTo(b.X) is var c && c != 0 ? c : a.Winding.CompareTo(b.Winding));
                var winding = 0;
                var spanStart = 0.0;
                foreach (var (x, w) in crossings)
                {
                    var before = winding;
                    winding += w;
                    if (before == 0 && winding != 0)
                    {
                        spanStart = x;
                    }
                    else if (before != 0 && winding == 0)
                    {
                        AddSpan(coverage, spanStart, x, 1.0 / SubScanlines);
                        touched = true;
                    }
                }
            }
            if (!touched)
            {
                continue;
            }
            for (var x = 0; x < _size; x++)
            {
                if (coverage[x] > 0)
                {
                    Blend(x, row, color, Math.Min(1, coverage[x]) * opacity);
                }
            }
        }
    }

    private void AddSpan(double[] coverage, double xa, double xb, double weight)
    {
        xa = Math.Clamp(xa, 0, _size);
        xb = Math.Clamp(xb, 0, _size);
        if (xb <= xa)
        {
            return;
        }
        var ia = (int)xa;
        var ib = (int)xb;
        if (ia == ib)
        {
            coverage[ia] += (xb - xa) * weight;
            return;
        }
        coverage[ia] += (ia + 1 - xa) * weight;
        for (var x = ia + 1; x < ib; x++)
        {
            coverage[x] += weight;
        }
        if (ib < _size)
        {
            coverage[ib] += (xb - ib) * weight;
        }
    }

    /// <summary>
    /// Draws a closed polygon stroked with round joins (every point within half the width of the outline), optionally
    /// filled too; both in one colour, so the union is composited once.
    /// </summary>
    public void DrawPolygon(IReadOnlyList<(double X, double Y)> points, bool fill, double strokeWidth, Rgb color, double opacity)
    {
        var half = strokeWidth / 2;
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var (px, py) in points)
        {
            minX = Math.Min(minX, px);
            minY = Math.Min(minY, py);
            maxX = Math.Max(maxX, px);
            maxY = Math.Max(maxY, py);
        }
        var x0 = Math.Max(0, (int)Math.Floor(minX - half));
        var x1 = Math.Min(_size - 1, (int)Math.Ceiling(maxX + half));
        var y0 = Math.Max(0, (int)Math.Floor(minY - half));
        var y1 = Math.Min(_size - 1, (int)Math.Ceiling(maxY + half));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                // Sub-pixel samples lie within 0.71 px of the pixel centre, so pixels well inside or well outside are
                // decided from the centre alone; only the rim is supersampled. The result equals full supersampling.
                var d = DistanceToOutline(points, x + 0.5, y + 0.5);
                var inside = fill && Inside(points, x + 0.5, y + 0.5);
                if ((inside && d >= 0.75) || d <= half - 0.75)
                {
                    Blend(x, y, color, opacity);
                    continue;
                }
                if (!inside && d >= half + 0.75)
                {
                    continue;
                }
                var hits = 0;
                for (var sy = 0; sy < StrokeSamples; sy++)
                {
                    for (var sx = 0; sx < StrokeSamples; sx++)
                    {
                        var qx = x + ((sx + 0.5) / StrokeSamples);
                        var qy = y + ((sy + 0.5) / StrokeSamples);
                        if ((fill && Inside(points, qx, qy)) || DistanceToOutline(points, qx, qy) <= half)
                        {
                            hits++;
                        }
                    }
                }
                if (hits > 0)
                {
                    Blend(x, y, color, hits * opacity / (StrokeSamples * StrokeSamples));
                }
            }
        }
    }

    private static bool Inside(IReadOnlyList<(double X, double Y)> points, double x, double y)
    {
        var winding = 0;
        for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
        {
            var (ax, ay) = points[j];
            var (bx, by) = points[i];
            if ((ay <= y && y < by) || (by <= y && y < ay))
            {
                var cx = ax + ((y - ay) / (by - ay) * (bx - ax));
                if (cx > x)
                {
                    winding += by > ay ? 1 : -1;
                }
            }
        }
        return winding != 0;
    }

    private static double DistanceToOutline(IReadOnlyList<(double X, double Y)> points, double x, double y)
    {
        var best = double.MaxValue;
        for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
        {
            var (ax, ay) = points[j];
            var (bx, by) = points[i];
            var vx = bx - ax;
            var vy = by - ay;
            var t = Math.Clamp((((x - ax) * vx) + ((y - ay) * vy)) / ((vx * vx) + (vy * vy)), 0, 1);
            var dx = x - (ax + (t * vx));
            var dy = y - (ay + (t * vy));
            best = Math.Min(best, (dx * dx) + (dy * dy));
        }
        return Math.Sqrt(best);
    }

    private void Blend(int x, int y, Rgb color, double alpha)
    {
        if (alpha <= 0)
        {
            return;
        }
        var i = ((y * _size) + x) * 4;
        var keep = 1 - alpha;
        _pixels[i] = (float)((color.R * alpha) + (_pixels[i] * keep));
        _pixels[i + 1] = (float)((color.G * alpha) + (_pixels[i + 1] * keep));
        _pixels[i + 2] = (float)((color.B * alpha) + (_pixels[i + 2] * keep));
        _pixels[i + 3] = (float)(alpha + (_pixels[i + 3] * keep));
    }

    /// <summary>
    /// Encodes the canvas as an 8-bit RGBA PNG (PNG spec §11.2.2 colour type 6): IHDR, one zlib IDAT with the
    /// per-row filter of smallest absolute sum (the heuristic of PNG spec §12.8), IEND.
    /// </summary>
    public byte[] EncodePng()
    {
        var stride = _size * 4;
        var previous = new byte[stride];
        var current = new byte[stride];
        var candidate = new byte[stride];
        var best = new byte[stride];
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < _size; y++)
            {
                for (var x = 0; x < _size; x++)
                {
                    var i = ((y * _size) + x) * 4;
                    double a = _pixels[i + 3];
                    var alpha = ToByte(a);
                    var o = x * 4;
                    if (alpha == 0)
                    {
                        current[o] = current[o + 1] = current[o + 2] = current[o + 3] = 0;
                        continue;
                    }
                    current[o] = ToByte(_pixels[i] / a);
                    current[o + 1] = ToByte(_pixels[i + 1] / a);
                    current[o + 2] = ToByte(_pixels[i + 2] / a);
                    current[o + 3] = alpha;
                }
                var bestFilter = 0;
                var bestScore = long.MaxValue;
                for (var filter = 0; filter <= 4; filter++)
                {
                    var score = Filter(filter, current, previous, candidate);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        bestFilter = filter;
                        (best, candidate) = (candidate, best);
                    }
                }
                zlib.WriteByte((byte)bestFilter);
                zlib.Write(best);
                (previous, current) = (current, previous);
            }
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)_size);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)_size);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // colour type: truecolour with alpha
        // compression 0 (deflate), filter method 0 (adaptive), interlace 0 (none): bytes 10..12 stay 0.

        using var png = new MemoryStream((int)raw.Length + 64);
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR"u8, ihdr);
        WriteChunk(png, "IDAT"u8, raw.GetBuffer().AsSpan(0, (int)raw.Length));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static byte ToByte(double value) => (byte)Math.Clamp((int)Math.Round(value * 255, MidpointRounding.AwayFromZero), 0, 255);

    /// <summary>Applies a PNG filter (spec §9.2) to one row; returns the sum of absolute signed residuals.</summary>
    private static long Filter(int filter, byte[] row, byte[] above, byte[] output)
    {
        long score = 0;
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= 4 ? row[i - 4] : 0;
            int up = above[i];
            int upLeft = i >= 4 ? above[i - 4] : 0;
            var predictor = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                _ => Paeth(left, up, upLeft),
            };
            var value = (byte)(row[i] - predictor);
            output[i] = value;
            score += value < 128 ? value : 256 - value;
        }
        return score;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        // The CRC covers chunk type and data, not the length (PNG spec §5.3).
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(type, data));
        output.Write(word);
    }
}
