using BadgeForge.Api.Features.Backpack;
using BadgeForge.Core;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Tests.Backpack;

public sealed class LinkedInLinkTests
{
    [Fact]
    public void LinkedInAddToProfile_SpecialCharacters_AreEncodedPerValue()
    {
        var award = new Award
        {
            Id = "abc_DEF-123", ModelId = "m", ModelVersion = "1.0.0", BadgeId = "b", RecipientEmail = "a@example.org", RecipientSalt = "s",
            RecipientIdentity = "i", EvidenceJson = "[]", HostedJson = "{}", Jws = "a.b.c",
            IssuedOn = new DateTime(2026, 3, 5, 0, 0, 0, DateTimeKind.Utc), ExpiresAt = new DateTime(2029, 3, 5, 0, 0, 0, DateTimeKind.Utc),
        };
        var organisation = new Organisation
        {
            Slug = "zavod", Name = new("Zavod Čžš & Co", "Institute Čžš & Co"), Description = new("", ""), Url = "https://example.org", Email = "z@example.org",
        };

        var url = BackpackEndpoints.LinkedInAddToProfile(award, new LocalizedText("Vodja = 100%", "Leader?"), organisation,
            "https://badges.test/assertions/abc_DEF-123?x=1");

        url.Should().Be("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"
            + "&name=Vodja%20%3D%20100%25%20%2F%20Leader%3F"
            + "&organizationName=Zavod%20%C4%8C%C5%BE%C5%A1%20%26%20Co%20%2F%20Institute%20%C4%8C%C5%BE%C5%A1%20%26%20Co"
            + "&issueYear=2026&issueMonth=3&expirationYear=2029&expirationMonth=3"
            + "&certUrl=https%3A%2F%2Fbadges.test%2Fassertions%2Fabc_DEF-123%3Fx%3D1&certId=abc_DEF-123");
    }
}
