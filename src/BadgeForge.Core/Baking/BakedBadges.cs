namespace BadgeForge.Core.Baking;

/// <summary>Format-independent un-baking, for a "verify an uploaded badge" feature.</summary>
public static class BakedBadges
{
    /// <summary>
    /// Extracts the Open Badges payload from a PNG or SVG badge: the assertion JSON, the compact JWS, or (legacy
    /// PNG / SVG without body) the hosted assertion URL. The format is detected from the bytes, not from a file name
    /// or content type. Returns null when the image carries no Open Badges data.
    /// </summary>
    /// <exception cref="BadgeImageFormatException">The data is neither a well-formed PNG nor an acceptable SVG.</exception>
    public static string? Unbake(ReadOnlySpan<byte> image)
    {
        if (PngBaking.HasPngSignature(image))
        {
            return PngBaking.Unbake(image);
        }
        var svg = SvgBaking.Unbake(image);
        return svg is null ? null : svg.AssertionJson ?? svg.Verify;
    }
}
