using System.Xml.Linq;
using BadgeForge.Core.Images;

namespace BadgeForge.Core.Tests.OpenBadges;

public sealed class BadgeImageRendererTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly BadgeImageDesign Design = new("Čiščenje in vzdrževanje žičnih povezav", 2, 4, "#1f6feb")
    {
        Subtitle = "Cleaning and maintaining wired links",
    };

    private static XElement Render(BadgeImageDesign design) => XDocument.Parse(BadgeImageRenderer.RenderSvg(design)).Root!;

    private static string TitleText(XElement root) =>
        string.Join(" ", root.Elements(Svg + "text").Where(t => t.Attribute("font-weight")!.Value == "700").Select(t => t.Value));

    [Fact]
    public void RenderSvg_Design_IsWellFormedSquareSvgWithAccessibleTitle()
    {
        var root = Render(Design);

        root.Name.Should().Be(Svg + "svg");
        root.Attribute("viewBox")!.Value.Should().Be("0 0 512 512");
        root.Attribute("role")!.Value.Should().Be("img");
        root.Element(Svg + "title")!.Value.Should().Be("Čiščenje in vzdrževanje žičnih povezav (2/4)");
    }

    [Fact]
    public void RenderSvg_SlovenianTitle_IsWrappedIntoAtMostThreeLinesKeepingEveryWord()
    {
        var root = Render(Design);

        var lines = root.Elements(Svg + "text").Where(t => t.Attribute("font-weight")!.Value == "700").ToList();
        lines.Should().HaveCountGreaterThan(1).And.HaveCountLessThanOrEqualTo(3);
        TitleText(root).Should().Be("Čiščenje in vzdrževanje žičnih povezav");
        lines.Select(l => l.Attribute("font-size")!.Value).Distinct().Should().ContainSingle("all title lines share one size");
    }

    [Fact]
    public void RenderSvg_Levels_DrawsOneStarPerLevelFilledUpToAchieved()
    {
        var stars = Render(Design).Elements(Svg + "g").Single().Elements(Svg + "path").ToList();

        stars.Should().HaveCount(4);
        stars.Count(s => s.Attribute("fill")!.Value != "none").Should().Be(2);
    }

    [Fact]
    public void RenderSvg_MarkupInTitle_IsEscapedNotInterpreted()
    {
        var root = Render(Design with { Title = "<script>alert(1)</script> & \"x\"", Subtitle = "]]><!--" });

        root.Descendants().Should().NotContain(e => e.Name.LocalName == "script");
        TitleText(root).Should().Contain("<script>").And.Contain("&");
    }

    [Fact]
    public void RenderSvg_ControlCharactersInTitle_AreDroppedAndOutputStaysValidXml()
    {
        var act = () => Render(Design with { Title = "Ra\u0001ven\u0000 1\uD800" });

        act.Should().NotThrow();
        TitleText(act()).Should().Be("Raven 1");
    }

    [Fact]
    public void RenderSvg_VeryLongTitle_IsCutToThreeLinesWithEllipsis()
    {
        var root = Render(Design with { Title = string.Join(" ", Enumerable.Repeat("Dolgoimenovana kompetenca", 12)) });

        var lines = root.Elements(Svg + "text").Where(t => t.Attribute("font-weight")!.Value == "700").ToList();
        lines.Should().HaveCount(3);
        lines[^1].Value.Should().EndWith("…");
        lines.Select(l => double.Parse(l.Attribute("font-size")!.Value, System.Globalization.CultureInfo.InvariantCulture))
            .Should().OnlyContain(size => size >= 24, "text must stay legible at print size and large badges");
    }

    [Fact]
    public void RenderSvg_OverlongSingleWord_IsHyphenBroken()
    {
        var root = Render(Design with { Title = "Elektroenergetskoinformacijskih" });

        var lines = root.Elements(Svg + "text").Where(t => t.Attribute("font-weight")!.Value == "700").Select(t => t.Value).ToList();
        lines.Should().HaveCountGreaterThan(1);
        lines[0].Should().EndWith("-");
        string.Concat(lines).Replace("-", "", StringComparison.Ordinal).Should().Be("Elektroenergetskoinformacijskih");
    }

    [Theory]
    [InlineData("#ffd400", "#1a1a1a")]
    [InlineData("#0b3d91", "#ffffff")]
    public void RenderSvg_BaseColour_PicksContrastingTextColour(string color, string expectedInk)
    {
        var root = Render(Design with { Color = color });

        root.Elements(Svg + "text").Should().OnlyContain(t => t.Attribute("fill")!.Value == expectedInk);
    }

    [Fact]
    public void RenderSvg_SameDesign_IsDeterministic()
    {
        BadgeImageRenderer.RenderSvg(Design).Should().Be(BadgeImageRenderer.RenderSvg(Design));
    }

    [Theory]
    [InlineData("", 1, 3, "#123456")]
    [InlineData("Naslov", 0, 3, "#123456")]
    [InlineData("Naslov", 4, 3, "#123456")]
    [InlineData("Naslov", 1, 11, "#123456")]
    [InlineData("Naslov", 1, 3, "blue")]
    [InlineData("Naslov", 1, 3, "#12345")]
    public void RenderSvg_InvalidDesign_Throws(string title, int level, int count, string color)
    {
        var act = () => BadgeImageRenderer.RenderSvg(new BadgeImageDesign(title, level, count, color));

        act.Should().Throw<ArgumentException>();
    }
}
