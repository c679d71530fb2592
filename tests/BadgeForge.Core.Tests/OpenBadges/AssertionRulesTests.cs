using BadgeForge.Core.OpenBadges;

namespace BadgeForge.Core.Tests.OpenBadges;

public sealed class AssertionRulesTests
{
    [Fact]
    public void CheckTimestamps_IssuedInThePastNotExpired_ReturnsNoProblems()
    {
        var clock = new FixedTimeProvider(TestSupport.IssuedOn.AddDays(1));

        AssertionRules.CheckTimestamps(TestSupport.HostedAssertion(), clock).Should().BeEmpty();
    }

    [Fact]
    public void CheckTimestamps_IssuedOnOneSecondAhead_ReportsFuture()
    {
        var clock = new FixedTimeProvider(TestSupport.IssuedOn.AddSeconds(-1));

        AssertionRules.CheckTimestamps(TestSupport.HostedAssertion(), clock).Should().ContainSingle().Which.Should().Contain("future");
    }

    [Fact]
    public void CheckTimestamps_AfterExpiry_ReportsExpired()
    {
        var clock = new FixedTimeProvider(TestSupport.IssuedOn.AddYears(2));

        AssertionRules.CheckTimestamps(TestSupport.HostedAssertion(), clock).Should().ContainSingle().Which.Should().Contain("passed");
    }

    [Fact]
    public void CheckTimestamps_ExpiresBeforeIssuedOn_ReportsOrder()
    {
        var assertion = TestSupport.HostedAssertion() with { Expires = TestSupport.IssuedOn.AddDays(-1) };

        AssertionRules.CheckTimestamps(assertion, new FixedTimeProvider(TestSupport.IssuedOn))
            .Should().Contain(p => p.Contains("not after issuedOn", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://badges.example.org/assertions/1", "https://badges.example.org/issuers/1", true)]
    [InlineData("https://BADGES.example.org:443/assertions/1", "https://badges.example.org/issuers/1", true)]
    [InlineData("http://localhost:8766/assertions/1", "http://127.0.0.1:8766/issuers/1", false)]
    [InlineData("https://badges.example.org:8443/assertions/1", "https://badges.example.org/issuers/1", false)]
    [InlineData("http://badges.example.org/assertions/1", "https://badges.example.org/issuers/1", false)]
    public void IsInHostedScope_AssertionAndIssuerOrigins_ComparesSchemeHostAndPort(string assertion, string issuer, bool expected)
    {
        AssertionRules.IsInHostedScope(new Uri(assertion), new Uri(issuer)).Should().Be(expected);
    }
}
