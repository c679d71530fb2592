using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Tests.Infrastructure;

/// An organisation with a trainer, ready to award badges through the API.
public sealed record Issuing(TestApp App, Organisation Organisation, TestAccount Trainer)
{
    /// The 10-hour youth training badge (no expiry).
    public const string YouthBadge = "initiative-leader@1.0.0/vdp.b.mladi-pobudnik";

    /// A role badge valid for 36 months.
    public const string LeaderBadge = "initiative-leader@1.0.0/vdp.b.vodja";

    public static async Task<Issuing> CreateAsync(TestApp app)
    {
        var organisation = await app.CreateOrganisationAsync();
        var trainer = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer));
        return new Issuing(app, organisation, trainer);
    }

    public Task<HttpResponseMessage> PostAwardAsync(object body) =>
        App.ClientFor(Trainer).PostAsJsonAsync($"/api/organisations/{Organisation.Id}/assertions", body);

    public async Task<JsonElement> AwardAsync(string badge = YouthBadge, string? email = null, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["badge"] = badge,
            ["recipientEmail"] = email ?? $"learner-{Guid.NewGuid():N}@example.org",
            ["recipientName"] = "Ana Novak",
        };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }
        var response = await PostAwardAsync(body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
