using System.Buffers.Binary;
using System.IO.Compression;
using BadgeForge.Core.Baking;
using BadgeForge.Core.Images;

namespace BadgeForge.Core.Tests.OpenBadges;

public sealed class PngBadgeRendererTests
{
    private static readonly BadgeImageDesign Design = new("Čiščenje in vzdrževanje žičnih povezav", 2, 4, "#1f6feb")
    {
        Subtitle = "Cleaning and maintaining wired links",
    };

    [Fact]
    public void RenderPng_Design_HasSignatureValidChunkCrcsAndRgbaHeader()
    {
        var png = BadgeImageRenderer.RenderPng(Design);

        var chunks = TestSupport.PngChunks(png);
        chunks.Select(c => c.Type).Should().StartWith("IHDR").And.EndWith("IEND").And.Contain("IDAT");
        chunks.Where(c => c.Type is not ("IHDR" or "IDAT" or "IEND")).Should().BeEmpty("the image carries no metadata before baking");
        foreach (var (type, data, crc) in chunks)
        {
            crc.Should().Be(TestSupport.ReferenceCrc([.. System.Text.Encoding.ASCII.GetBytes(type), .. data]), $"chunk {type}");
        }
        var ihdr = chunks[0].Data;
        BinaryPrimitives.ReadUInt32BigEndian(ihdr).Should().Be(512);
        BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(4)).Should().Be(512);
        ihdr[8..].Should().Equal(8, 6, 0, 0, 0); // 8-bit RGBA, deflate, adaptive filtering, no interlace
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(300)]
    [InlineData(1024)]
    public void RenderPng_Size_DecodesToThatSize(int size)
    {
        var image = Decode(BadgeImageRenderer.RenderPng(Design, size));

        image.Width.Should().Be(size);
        image.Height.Should().Be(size);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(1025)]
    public void RenderPng_SizeOutOfRange_Throws(int size)
    {
        var act = () => BadgeImageRenderer.RenderPng(Design, size);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void RenderPng_Design_CornersAreTransparentAndFaceHasTheDesignColour()
    {
        var image = Decode(BadgeImageRenderer.RenderPng(Design));

        foreach (var (x, y) in new[] { (0, 0), (511, 0), (0, 511), (511, 511), (20, 20) })
        {
            image.Pixel(x, y).A.Should().Be(0, $"({x},{y}) lies outside the round badge");
        }
        // Below the stars the face shows the bottom of the gradient, which is the design colour itself.
        var face = image.Pixel(256, 440);
        face.A.Should().Be(255);
        ((int)face.R).Should().BeCloseTo(0x1f, 24);
        ((int)face.G).Should().BeCloseTo(0x6f, 24);
        ((int)face.B).Should().BeCloseTo(0xeb, 24);
        // The centre is mostly face (blue), the rest is white title text.
        var centre = Enumerable.Range(224, 64).SelectMany(y => Enumerable.Range(224, 64).Select(x => image.Pixel(x, y))).ToList();
        centre.Should().OnlyContain(p => p.A == 255);
        centre.Count(p => p.B > p.R + 60 && p.B > p.G + 30).Should().BeGreaterThan(centre.Count / 2);
        centre.Should().Contain(p => p.R > 240 && p.G > 240 && p.B > 240, "the title is drawn in white on a dark face");
    }

    [Fact]
    public void RenderPng_LightColour_DrawsDarkInk()
    {
        var image = Decode(BadgeImageRenderer.RenderPng(new BadgeImageDesign("Šivanje", 1, 3, "#f5d90a")));

        var centre = Enumerable.Range(230, 52).SelectMany(y => Enumerable.Range(150, 212).Select(x => image.Pixel(x, y)));
        centre.Should().Contain(p => p.R < 40 && p.G < 40 && p.B < 40);
    }

    [Fact]
    public void RenderPng_ThreeShortLines_TitleStaysClearOfTheStars()
    {
        // Three short lines would get the 66-unit maximum size, which reaches the stars (top at 372 - 22 = 350).
        var image = Decode(BadgeImageRenderer.RenderPng(new BadgeImageDesign("Đurđa Ćosić: šivanje", 3, 5, "#f5d90a") { Subtitle = "Žiga Š." }));

        var gapRows = Enumerable.Range(344, 4).SelectMany(y => Enumerable.Range(100, 312).Select(x => image.Pixel(x, y)));
        gapRows.Should().NotContain(p => p.R < 120, "no dark ink between the title and the stars");
    }

    [Fact]
    public void RenderPng_SameDesign_ReturnsIdenticalBytes()
    {
        BadgeImageRenderer.RenderPng(Design).Should().Equal(BadgeImageRenderer.RenderPng(Design with { }));
    }

    [Fact]
    public void RenderPng_DifferentLevels_ProduceDifferentImages()
    {
        var level1 = Decode(BadgeImageRenderer.RenderPng(Design with { Level = 1 }));
        var level3 = Decode(BadgeImageRenderer.RenderPng(Design with { Level = 3 }));

        level1.Pixels.Should().NotEqual(level3.Pixels);
        // Only the star row changes: the title area is the same.
        level1.Row(262).ToArray().Should().Equal(level3.Row(262).ToArray());
    }

    [Theory]
    [InlineData("c", "č")]
    [InlineData("s", "š")]
    [InlineData("z", "ž")]
    [InlineData("C", "Č")]
    [InlineData("S", "Š")]
    [InlineData("Z", "Ž")]
    [InlineData("c", "ć")]
    [InlineData("d", "đ")]
    public void RenderPng_SlovenianLetter_IsDrawnWithItsDiacritic(string plain, string accented)
    {
        var a = BadgeImageRenderer.RenderPng(Design with { Title = "Mo" + plain + "ni", Subtitle = null });
        var b = BadgeImageRenderer.RenderPng(Design with { Title = "Mo" + accented + "ni", Subtitle = null });

        a.Should().NotEqual(b);
    }

    [Theory]
    [InlineData("Nadzor kakovosti živil in pijač v proizvodnji ter distribuciji s poudarkom na varnosti in higieni")]
    [InlineData("Najdaljšabesedabrezpresledkovkiješečezvseširinekrožnegaznakaščžćđ")]
    [InlineData("Emoji 🎓 in 漢字 ter kombinirani znaki e\u0301 \u0000")]
    [InlineData("WWWWWWWWWW WWWWWWWWWW WWWWWWWWWW")]
    public void RenderPng_LongOrUnusualTitle_RendersWithoutThrowing(string title)
    {
        var png = BadgeImageRenderer.RenderPng(Design with { Title = title, Subtitle = title });

        Decode(png).Width.Should().Be(512);
    }

    [Fact]
    public void RenderPng_InvalidDesign_ThrowsLikeRenderSvg()
    {
        var act = () => BadgeImageRenderer.RenderPng(Design with { Color = "blue" });

        act.Should().Throw<ArgumentException>().WithMessage("*#RRGGBB*");
    }

    [Fact]
    public void RenderPng_BakedWithJws_UnbakesToTheSamePayloadAndStillDecodes()
    {
        var png = BadgeImageRenderer.RenderPng(Design);
        const string jws = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6InVybjp1dWlkOjEifQ.c2lnbmF0dXJl";

        var baked = PngBaking.Bake(png, jws);

        PngBaking.Unbake(baked).Should().Be(jws);
        BakedBadges.Unbake(baked).Should().Be(jws);
        Decode(baked).Pixels.Should().Equal(Decode(png).Pixels);
    }

    /// <summary>A PNG decoder for 8-bit RGBA, non-interlaced files, written here independently of the renderer.</summary>
    private static DecodedImage Decode(byte[] png)
    {
        var chunks = TestSupport.PngChunks(png);
        var ihdr = chunks.Single(c => c.Type == "IHDR").Data;
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        var height = (int)BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(4));
        ihdr[8].Should().Be(8);
        ihdr[9].Should().Be(6);
        ihdr[12].Should().Be(0);

        using var compressed = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var data = raw.ToArray();
        var stride = width * 4;
        data.Should().HaveCount(height * (stride + 1));

        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            filter.Should().BeLessThanOrEqualTo(4);
            for (var i = 0; i < stride; i++)
            {
                var value = data[(y * (stride + 1)) + 1 + i];
                int a = i >= 4 ? pixels[(y * stride) + i - 4] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + i] : 0;
                int c = i >= 4 && y > 0 ? pixels[((y - 1) * stride) + i - 4] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => PaethPredictor(a, b, c),
                };
                pixels[(y * stride) + i] = (byte)(value + predictor);
            }
        }
        return new DecodedImage(width, height, pixels);
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private sealed record DecodedImage(int Width, int Height, byte[] Pixels)
    {
        public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
        {
            var i = ((y * Width) + x) * 4;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
        }

        public ReadOnlySpan<byte> Row(int y) => Pixels.AsSpan(y * Width * 4, Width * 4);
    }
}
