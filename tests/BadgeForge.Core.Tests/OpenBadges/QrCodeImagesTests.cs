using System.Buffers.Binary;
using System.Xml.Linq;
using BadgeForge.Core.Baking;
using BadgeForge.Core.QrCodes;

namespace BadgeForge.Core.Tests.OpenBadges;

public sealed class QrCodeImagesTests
{
    private static readonly Uri AssertionUrl = new("https://badges.example.org/assertions/Zx3kq9_-AbCdEfGhIjKlMnOpQrStUv");

    [Theory]
    [InlineData(QrCodeImages.DefaultPixelsPerModule)]
    [InlineData(3)]
    public void Png_Url_DecodesBackToTheUrlWithZbarimg(int pixelsPerModule)
    {
        Decode(QrCodeImages.Png(AssertionUrl, pixelsPerModule)).Should().Be(AssertionUrl.AbsoluteUri);
    }

    [Fact]
    public void Png_NonAsciiHost_EncodesAsciiAbsoluteUri()
    {
        var url = new Uri("https://značke.example.si/assertions/š1");

        Decode(QrCodeImages.Png(url)).Should().Be("https://xn--znake-jya.example.si/assertions/%C5%A11");
    }

    [Fact]
    public void Png_BakedWithAssertion_StillDecodes()
    {
        // A real decoder reading the baked file shows baking leaves a valid PNG behind.
        var baked = PngBaking.Bake(QrCodeImages.Png(AssertionUrl), "{\"id\":\"x\"}");

        Decode(baked).Should().Be(AssertionUrl.AbsoluteUri);
    }

    [Fact]
    public void Png_Always_HasFourModuleQuietZone()
    {
        const int ppm = 10;
        var png = QrCodeImages.Png(AssertionUrl, ppm);
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16));

        // Side = (17 + 4 × version + 2 × quiet zone) modules; with a 4-module zone the remainder is a QR version size.
        (width % ppm).Should().Be(0);
        var modules = (width / ppm) - (2 * QrCodeImages.QuietZoneModules);
        ((modules - 17) % 4).Should().Be(0);
        TopLeftQuietZoneIsWhite(png).Should().BeTrue();
    }

    [Fact]
    public void Svg_Url_IsScalableWellFormedSvg()
    {
        var svg = XDocument.Parse(QrCodeImages.Svg(AssertionUrl)).Root!;

        svg.Name.LocalName.Should().Be("svg");
        svg.Attribute("viewBox").Should().NotBeNull();
        svg.Descendants().Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("ftp://badges.example.org/x")]
    [InlineData("file:///etc/passwd")]
    public void PngAndSvg_NonHttpUrl_Throw(string url)
    {
        var png = () => QrCodeImages.Png(new Uri(url));
        var svg = () => QrCodeImages.Svg(new Uri(url));

        png.Should().Throw<ArgumentException>();
        svg.Should().Throw<ArgumentException>();
    }

    private static string Decode(byte[] png)
    {
        var zbarimg = TestSupport.FindOnPath("zbarimg");
        zbarimg.Should().NotBeNull(
            "the QR tests decode with zbarimg; install it with 'apt-get install -y zbar-tools' (CI installs it)");
        var dir = TestSupport.TempDirectory();
        try
        {
            var file = Path.Combine(dir, "qr.png");
            File.WriteAllBytes(file, png);
            var (exitCode, stdout, stderr) = TestSupport.Run(zbarimg!, "--nodbus", "-q", "--raw", file);
            exitCode.Should().Be(0, $"zbarimg found no QR code: {stderr}");
            return stdout.TrimEnd('\n', '\r');
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static bool TopLeftQuietZoneIsWhite(byte[] png)
    {
        // QRCoder writes a 1-bit greyscale (or palette) PNG; decode the first scanline to check the margin is light.
        var chunks = TestSupport.PngChunks(png);
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(chunks[0].Data);
        var bitDepth = chunks[0].Data[8];
        bitDepth.Should().Be(1);
        var palette = chunks.SingleOrDefault(c => c.Type == "PLTE").Data ?? [0, 0, 0, 255, 255, 255];
        var idat = chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(idat), System.IO.Compression.CompressionMode.Decompress);
        var row = new byte[1 + ((width * bitDepth) + 7) / 8];
        zlib.ReadExactly(row);
        row[0].Should().Be(0, "first scanline uses no filter");
        for (var x = 0; x < 4 * QrCodeImages.DefaultPixelsPerModule; x++)
        {
            var index = (row[1 + (x / 8)] >> (7 - (x % 8))) & 1;
            if (palette[index * 3] < 200)
            {
                return false;
            }
        }
        return true;
    }
}
