using BadgeForge.Core.OpenBadges;
using QRCoder;

namespace BadgeForge.Core.QrCodes;

/// <summary>
/// QR codes that lead a phone to a badge's public page, as PNG (screens, e-mail) or SVG (print). Rendered by QRCoder's
/// managed encoders, without System.Drawing.
/// </summary>
public static class QrCodeImages
{
    /// <summary>
    /// Error correction level Q (≈25 % of codewords recoverable). A badge URL is short, so Q costs only a few extra
    /// modules over M while surviving creases, smudges and screen glare on printed certificates; H would make the code
    /// denser (smaller modules) for no gain since no logo is overlaid.
    /// </summary>
    private const QRCodeGenerator.ECCLevel ErrorCorrection = QRCodeGenerator.ECCLevel.Q;

    /// <summary>
    /// Width of the white border, in modules. ISO/IEC 18004 requires a 4-module quiet zone; phone scanners fail most
    /// often on codes printed against a busy background without one. QRCoder draws exactly 4 modules when enabled.
    /// </summary>
    public const int QuietZoneModules = 4;

    /// <summary>Default PNG scale: 10 px per module gives ~370–450 px for a badge URL, sharp on screens and at ~3 cm in print.</summary>
    public const int DefaultPixelsPerModule = 10;

    /// <summary>
    /// A black-on-white PNG encoding <paramref name="url"/> in ASCII form (punycode host, percent-encoded path), so
    /// every scanner reads it the same way.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not absolute http(s).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pixelsPerModule"/> is not between 1 and 100.</exception>
    public static byte[] Png(Uri url, int pixelsPerModule = DefaultPixelsPerModule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixelsPerModule, 100);
        using var data = Encode(url);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, drawQuietZones: true);
    }

    /// <summary>
    /// A black-on-white SVG encoding <paramref name="url"/>, sized by a <c>viewBox</c> only so it scales to any print
    /// size without resampling.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not absolute http(s).</exception>
    public static string Svg(Uri url)
    {
        using var data = Encode(url);
        return new SvgQRCode(data).GetGraphic(
            pixelsPerModule: 10,
            darkColorHex: "#000000",
            lightColorHex: "#ffffff",
            drawQuietZones: true,
            sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    private static QRCodeData Encode(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"A QR code target must be an absolute http(s) URL, got '{url}'.", nameof(url));
        }
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(url.ToAsciiString(), ErrorCorrection);
    }
}
