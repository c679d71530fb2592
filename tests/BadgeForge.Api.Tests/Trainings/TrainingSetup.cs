using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Tests.Trainings;

/// An organisation with a trainer, and shortcuts to the trainings API as that trainer.
public sealed record TrainingSetup(TestApp App, Organisation Organisation, TestAccount Trainer, HttpClient Client)
{
    public const string YouthModel = "initiative-leader@1.0.0";
    public const string YouthTraining = "vdp.t.motivacija";
    public const string YouthBadge = "initiative-leader@1.0.0/vdp.b.mladi-pobudnik";

    public static async Task<TrainingSetup> CreateAsync(TestApp app)
    {
        var organisation = await app.CreateOrganisationAsync();
        var trainer = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer));
        return new TrainingSetup(app, organisation, trainer, app.ClientFor(trainer));
    }

    public string Runs => $"/api/organisations/{Organisation.Id}/trainings";

    public string Run(Guid runId) => $"{Runs}/{runId}";

    public async Task<Guid> CreateRunAsync(string model = YouthModel, string training = YouthTraining, int? hourLength = null)
    {
        var response = await Client.PostAsJsonAsync(Runs, new
        {
            model,
            trainingId = training,
            title = "Gimnazija Celje, jesen",
            startsOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)).ToString("yyyy-MM-dd"),
            place = "Celje",
            hourLengthMinutes = hourLength,
            trainerIds = new[] { Trainer.Id },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// A past session, <paramref name="daysAgo"/> days ago at 14:00 UTC.
    public async Task<Guid> AddSessionAsync(Guid runId, int daysAgo, int minutes = 120, string? moduleId = null)
    {
        var response = await Client.PostAsJsonAsync($"{Run(runId)}/sessions", new
        {
            startsAt = DateTime.UtcNow.Date.AddDays(-daysAgo).AddHours(14),
            plannedMinutes = minutes,
            moduleId,
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> EnrolAsync(Guid runId, params object[] learners)
    {
        var response = await Client.PostAsJsonAsync($"{Run(runId)}/enrolments", new
        {
            learners = learners.Select(l => l is string email ? new { email } : l).ToArray(),
        });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task RecordAsync(Guid runId, params object[] records)
    {
        var response = await Client.PostAsJsonAsync($"{Run(runId)}/attendance", new { records });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> PostCsvAsync(Guid runId, byte[] body, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return Client.PostAsync($"{Run(runId)}/attendance.csv", content);
    }

    public static string NewEmail(string name = "learner") => $"{name}.{Guid.NewGuid():N}@example.org";
}
