using System.Text.RegularExpressions;
using BadgeForge.Core.OpenBadges;

namespace BadgeForge.Core.Tests.OpenBadges;

public sealed class RecipientIdentityTests
{
    [Fact]
    public void ForEmail_ChecklistVector_MatchesExpectedHash()
    {
        // CHECKLIST §2.4: "alice@example.org" + "deadsea" (identity first, salt appended, no separator).
        var identity = RecipientIdentity.ForEmail("alice@example.org", "deadsea");

        identity.Identity.Should().Be("sha256$c934fdacc6242be0277a284970416aa9bfa583241fb85094bc96c504ee0abd4e");
        identity.Salt.Should().Be("deadsea");
    }

    [Fact]
    public void ForEmail_MixedCaseAndSpaces_HashesNormalizedAddress()
    {
        RecipientIdentity.ForEmail("  Alice@Example.ORG\t", "deadsea").Identity
            .Should().Be(RecipientIdentity.ForEmail("alice@example.org", "deadsea").Identity);
    }

    [Fact]
    public void ForEmail_WithoutSalt_UsesFreshRandomSaltEachTime()
    {
        var first = RecipientIdentity.ForEmail("alice@example.org");
        var second = RecipientIdentity.ForEmail("alice@example.org");

        first.Salt.Should().MatchRegex("^[0-9a-f]{32}$");
        first.Salt.Should().NotBe(second.Salt);
        first.Identity.Should().NotBe(second.Identity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("alice @example.org")]
    public void ForEmail_NotAnEmail_Throws(string email)
    {
        var act = () => RecipientIdentity.ForEmail(email, "salt");

        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("alice@example.org", true)]
    [InlineData(" ALICE@example.org ", true)]
    [InlineData("bob@example.org", false)]
    [InlineData("not an email", false)]
    public void Matches_Email_ComparesAgainstHash(string email, bool expected)
    {
        RecipientIdentity.ForEmail("alice@example.org", "deadsea").Matches(email).Should().Be(expected);
    }

    [Fact]
    public void Matches_UppercaseHexIdentity_StillMatches()
    {
        var identity = RecipientIdentity.ForEmail("alice@example.org", "deadsea");
        var upper = identity with { Identity = "sha256$" + identity.Identity["sha256$".Length..].ToUpperInvariant() };

        upper.Matches("alice@example.org").Should().BeTrue();
    }

    [Fact]
    public void NewUrlSafeId_Always_Has160RandomBitsInUrlSafeAlphabet()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => Identifiers.NewUrlSafeId()).ToList();

        ids.Should().OnlyContain(id => Regex.IsMatch(id, "^[A-Za-z0-9_-]{27}$"));
        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void NewUrnUuid_Always_MatchesPyvUrnRegex()
    {
        Identifiers.NewUrnUuid().Should().MatchRegex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    }
}
