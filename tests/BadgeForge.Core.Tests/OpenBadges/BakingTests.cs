using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using BadgeForge.Core.Baking;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.QrCodes;

namespace BadgeForge.Core.Tests.OpenBadges;

public sealed class BakingTests
{
    private const string Jws = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6InVybjp1dWlkOngifQ.c2lnbmF0dXJl";

    // A PNG written by a third-party encoder (QRCoder), so the tests do not bake into our own output.
    private static readonly byte[] SourcePng = QrCodeImages.Png(new Uri("https://badges.example.org/a/1"), 4);

    private static readonly string AssertionJson = Encoding.UTF8.GetString(OpenBadgesDocuments.Assertion(TestSupport.HostedAssertion()));

    private static readonly byte[] SourceSvg = Encoding.UTF8.GetBytes(
        """<?xml version="1.0" encoding="UTF-8"?>""" + "\n" +
        """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#c00"/></svg>""");

    private static bool IsOpenBadgesChunk((string Type, byte[] Data, uint Crc) c) =>
        c.Type is "iTXt" or "tEXt" or "zTXt" && c.Data.AsSpan().StartsWith("openbadges\0"u8);

    [Fact]
    public void PngBake_ThenUnbake_ReturnsPayload()
    {
        PngBaking.Unbake(PngBaking.Bake(SourcePng, AssertionJson)).Should().Be(AssertionJson);
        PngBaking.Unbake(PngBaking.Bake(SourcePng, Jws)).Should().Be(Jws);
    }

    [Fact]
    public void PngBake_Always_WritesOneUncompressedITxtRightAfterIhdrWithValidCrcs()
    {
        var chunks = TestSupport.PngChunks(PngBaking.Bake(SourcePng, AssertionJson));

        chunks[0].Type.Should().Be("IHDR");
        chunks[1].Type.Should().Be("iTXt");
        chunks[^1].Type.Should().Be("IEND");
        chunks.Count(IsOpenBadgesChunk).Should().Be(1);
        // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, UTF-8 text
        // (CHECKLIST §6: exactly what openbadges_bakery/png_bakery.py writes).
        chunks[1].Data.Should().Equal("openbadges\0\0\0\0\0"u8.ToArray().Concat(Encoding.UTF8.GetBytes(AssertionJson)));
        chunks.Should().OnlyContain(c => c.Crc == TestSupport.ReferenceCrc(Encoding.ASCII.GetBytes(c.Type).Concat(c.Data).ToArray()));
    }

    [Fact]
    public void PngBake_Always_KeepsAllOtherChunksByteForByte()
    {
        var before = TestSupport.PngChunks(SourcePng);

        var after = TestSupport.PngChunks(PngBaking.Bake(SourcePng, Jws)).Where(c => !IsOpenBadgesChunk(c)).ToList();

        after.Select(c => (c.Type, Convert.ToHexString(c.Data), c.Crc))
            .Should().Equal(before.Select(c => (c.Type, Convert.ToHexString(c.Data), c.Crc)));
    }

    [Fact]
    public void PngBake_AlreadyBaked_ReplacesTheOldChunk()
    {
        var rebaked = PngBaking.Bake(PngBaking.Bake(SourcePng, AssertionJson), Jws);

        TestSupport.PngChunks(rebaked).Count(IsOpenBadgesChunk).Should().Be(1);
        PngBaking.Unbake(rebaked).Should().Be(Jws);
        rebaked.Length.Should().Be(PngBaking.Bake(SourcePng, Jws).Length);
    }

    [Fact]
    public void PngBake_LegacyTextChunkPresent_RemovesIt()
    {
        var legacy = WithExtraChunk(SourcePng, ("tEXt", Encoding.Latin1.GetBytes("openbadges\0https://old.example.org/a/1")));

        var chunks = TestSupport.PngChunks(PngBaking.Bake(legacy, Jws));

        chunks.Where(IsOpenBadgesChunk).Select(c => c.Type).Should().Equal("iTXt");
    }

    [Fact]
    public void PngUnbake_LegacyTextChunk_ReturnsHostedUrl()
    {
        var legacy = WithExtraChunk(SourcePng, ("tEXt", Encoding.Latin1.GetBytes("openbadges\0https://old.example.org/a/1")));

        PngBaking.Unbake(legacy).Should().Be("https://old.example.org/a/1");
    }

    [Fact]
    public void PngUnbake_CompressedITxtFromAnotherBaker_IsInflated()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.UTF8.GetBytes(AssertionJson));
        }
        var data = "openbadges\0\u0001\0\0\0"u8.ToArray().Concat(compressed.ToArray()).ToArray();

        PngBaking.Unbake(WithExtraChunk(SourcePng, ("iTXt", data))).Should().Be(AssertionJson);
    }

    [Fact]
    public void PngUnbake_NotBaked_ReturnsNull()
    {
        PngBaking.Unbake(SourcePng).Should().BeNull();
    }

    [Fact]
    public void PngUnbake_OtherITxtKeyword_IsIgnored()
    {
        var png = WithExtraChunk(SourcePng, ("iTXt", "openbadgesX\0\0\0\0\0text"u8.ToArray()));

        PngBaking.Unbake(png).Should().BeNull();
    }

    public static TheoryData<string> MalformedPngs() => new() { "empty", "jpeg", "truncated", "bad-crc", "trailing", "no-ihdr", "huge-length", "bad-type" };

    [Theory]
    [MemberData(nameof(MalformedPngs))]
    public void PngBakeAndUnbake_MalformedPng_ThrowBadgeImageFormatException(string kind)
    {
        var png = Malformed(kind);

        var bake = () => PngBaking.Bake(png, Jws);
        var unbake = () => PngBaking.Unbake(png);

        bake.Should().Throw<BadgeImageFormatException>().Which.Message.Should().NotBeNullOrEmpty();
        unbake.Should().Throw<BadgeImageFormatException>();
    }

    [Fact]
    public void PngBake_BadCrc_NamesTheChunk()
    {
        var act = () => PngBaking.Bake(Malformed("bad-crc"), Jws);

        act.Should().Throw<BadgeImageFormatException>().WithMessage("*IDAT*CRC*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    public void PngBake_InvalidPayload_Throws(string payload)
    {
        var act = () => PngBaking.Bake(SourcePng, payload);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SvgBakeHosted_ThenUnbake_ReturnsUrlAndJson()
    {
        var baked = SvgBaking.BakeHosted(SourceSvg, new Uri(TestSupport.Origin + "/assertions/Zx3kq9"), AssertionJson);

        var result = SvgBaking.Unbake(baked);

        result.Should().Be(new SvgBakedAssertion(TestSupport.Origin + "/assertions/Zx3kq9", AssertionJson));
    }

    [Fact]
    public void SvgBakeHosted_Always_PutsCdataAssertionFirstWithNamespaceOnRoot()
    {
        var baked = Encoding.UTF8.GetString(SvgBaking.BakeHosted(SourceSvg, new Uri(TestSupport.Origin + "/assertions/Zx3kq9"), AssertionJson));

        baked.Should().StartWith("<?xml").And.Contain("<![CDATA[" + AssertionJson + "]]>");
        var root = XDocument.Parse(baked).Root!;
        root.GetNamespaceOfPrefix("openbadges")!.NamespaceName.Should().Be("http://openbadges.org");
        var first = root.Elements().First();
        first.Name.Should().Be(XName.Get("assertion", "http://openbadges.org"));
        first.Attribute("verify")!.Value.Should().Be(TestSupport.Origin + "/assertions/Zx3kq9");
        root.Elements().Should().HaveCount(2, "the original circle is kept");
    }

    [Fact]
    public void SvgBakeSigned_Always_WritesSelfClosingElementWithJws()
    {
        var baked = SvgBaking.BakeSigned(SourceSvg, Jws);

        Encoding.UTF8.GetString(baked).Should().Contain($"<openbadges:assertion verify=\"{Jws}\" />");
        SvgBaking.Unbake(baked).Should().Be(new SvgBakedAssertion(Jws, null));
    }

    [Fact]
    public void SvgBake_AlreadyBaked_ReplacesTheOldElement()
    {
        var once = SvgBaking.BakeHosted(SourceSvg, new Uri(TestSupport.Origin + "/assertions/1"), AssertionJson);

        var twice = SvgBaking.BakeSigned(once, Jws);

        XDocument.Parse(Encoding.UTF8.GetString(twice)).Descendants(XName.Get("assertion", "http://openbadges.org")).Should().ContainSingle();
        SvgBaking.Unbake(twice)!.Verify.Should().Be(Jws);
    }

    [Fact]
    public void SvgBakeHosted_JsonContainingCdataTerminator_RoundTrips()
    {
        const string json = """{"narrative":"a]]>b"}""";

        var baked = SvgBaking.BakeHosted(SourceSvg, new Uri(TestSupport.Origin + "/assertions/1"), json);

        SvgBaking.Unbake(baked)!.AssertionJson.Should().Be(json);
    }

    [Fact]
    public void SvgUnbake_NotBaked_ReturnsNull()
    {
        SvgBaking.Unbake(SourceSvg).Should().BeNull();
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>""")]
    [InlineData("""<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>""")]
    [InlineData("""<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>""")]
    public void SvgBakeAndUnbake_Dtd_AreRejectedAsXxeRisk(string svg)
    {
        var bytes = Encoding.UTF8.GetBytes(svg);

        var bake = () => SvgBaking.BakeSigned(bytes, Jws);
        var unbake = () => SvgBaking.Unbake(bytes);

        bake.Should().Throw<BadgeImageFormatException>().WithMessage("*DTD*");
        unbake.Should().Throw<BadgeImageFormatException>().WithMessage("*DTD*");
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\">", "well-formed")]
    [InlineData("<html><body/></html>", "not 'svg'")]
    [InlineData("", "well-formed")]
    public void SvgBake_MalformedOrNotSvg_Throws(string svg, string messagePart)
    {
        var act = () => SvgBaking.BakeSigned(Encoding.UTF8.GetBytes(svg), Jws);

        act.Should().Throw<BadgeImageFormatException>().WithMessage($"*{messagePart}*");
    }

    [Fact]
    public void SvgUnbake_AssertionWithoutVerify_Throws()
    {
        var svg = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion/></svg>""";

        var act = () => SvgBaking.Unbake(Encoding.UTF8.GetBytes(svg));

        act.Should().Throw<BadgeImageFormatException>().WithMessage("*verify*");
    }

    [Fact]
    public void BakedBadgesUnbake_PngOrSvg_DetectsFormatAndReturnsPayload()
    {
        BakedBadges.Unbake(PngBaking.Bake(SourcePng, Jws)).Should().Be(Jws);
        BakedBadges.Unbake(SvgBaking.BakeSigned(SourceSvg, Jws)).Should().Be(Jws);
        BakedBadges.Unbake(SvgBaking.BakeHosted(SourceSvg, new Uri(TestSupport.Origin + "/a/1"), AssertionJson)).Should().Be(AssertionJson);
        BakedBadges.Unbake(SourcePng).Should().BeNull();
    }

    [Fact]
    public void BakedBadgesUnbake_Garbage_Throws()
    {
        var act = () => BakedBadges.Unbake(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 });

        act.Should().Throw<BadgeImageFormatException>();
    }

    private static byte[] WithExtraChunk(byte[] png, (string Type, byte[] Data) extra)
    {
        var chunks = TestSupport.PngChunks(png).Select(c => (c.Type, c.Data)).ToList();
        chunks.Insert(1, extra);
        return TestSupport.BuildPng(chunks);
    }

    private static byte[] Malformed(string kind)
    {
        var png = (byte[])SourcePng.Clone();
        switch (kind)
        {
            case "empty":
                return [];
            case "jpeg":
                return [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];
            case "truncated":
                return png[..(png.Length - 20)];
            case "bad-crc":
                var chunks = TestSupport.PngChunks(png);
                var idatOffset = 8 + chunks.TakeWhile(c => c.Type != "IDAT").Sum(c => 12 + c.Data.Length);
                png[idatOffset + 8] ^= 0xFF;
                return png;
            case "trailing":
                return [.. png, 1, 2, 3];
            case "no-ihdr":
                return TestSupport.BuildPng(TestSupport.PngChunks(png).Skip(1).Select(c => (c.Type, c.Data)));
            case "huge-length":
                png[8] = 0x7F;
                return png;
            case "bad-type":
                png[12] = (byte)'1';
                return png;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
