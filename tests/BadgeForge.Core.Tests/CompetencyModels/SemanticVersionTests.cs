using BadgeForge.Core.CompetencyModels;

namespace BadgeForge.Core.Tests.CompetencyModels;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("1.0.0")]
    [InlineData("2.10.3-rc.1+build.5")]
    [InlineData("0.0.0-alpha")]
    public void TryParse_ValidVersion_RoundTrips(string text)
    {
        SemanticVersion.TryParse(text, out var version).Should().BeTrue();
        version.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("")]
    public void TryParse_InvalidVersion_ReturnsFalse(string text)
    {
        SemanticVersion.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void CompareTo_SemverPrecedence_OrdersAsSpecified()
    {
        // semver.org §11 example, in ascending order.
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"];

        ordered.Reverse().Select(SemanticVersion.Parse).Order().Select(v => v.ToString()).Should().Equal(ordered);
    }

    [Fact]
    public void ModelReference_Parse_SplitsIdAndVersion()
    {
        var reference = ModelReference.Parse("community-worker@1.0.0");

        reference.Id.Should().Be("community-worker");
        reference.Version.Should().Be(SemanticVersion.Parse("1.0.0"));
        ModelReference.TryParse("Community Worker@1.0.0", out _).Should().BeFalse();
        ModelReference.TryParse("community-worker", out _).Should().BeFalse();
    }
}
