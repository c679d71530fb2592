using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Tests.BulkIssuance;

/// An organisation with a trainer and an admin, and shortcuts to the bulk issuance API.
public sealed record BulkSetup(TestApp App, Organisation Organisation, TestAccount Trainer, TestAccount Admin)
{
    public const string YouthBadge = "initiative-leader@1.0.0/vdp.b.mladi-pobudnik";
    public const string LeaderBadge = "initiative-leader@1.0.0/vdp.b.vodja";

    static BulkSetup() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static async Task<BulkSetup> CreateAsync(TestApp app)
    {
        var organisation = await app.CreateOrganisationAsync();
        var trainer = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.Trainer));
        var admin = await app.CreateAccountAsync(roles: (organisation.Id, OrganisationRole.OrganisationAdmin));
        return new BulkSetup(app, organisation, trainer, admin);
    }

    public string Batches => $"/api/organisations/{Organisation.Id}/bulk-batches";

    public Task<HttpResponseMessage> PostAsync(byte[] body, string contentType = "text/csv", string query = "") =>
        Post(body, contentType, query, App.ClientFor(Trainer));

    private Task<HttpResponseMessage> Post(byte[] body, string contentType, string query, HttpClient client)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(Batches + "/" + query, content);
    }

    public Task<HttpResponseMessage> PostCsvAsync(string csv, string query = "") => PostAsync(Encoding.UTF8.GetBytes(csv), query: query);

    /// Uploads and expects a stored dry run; returns the report.
    public async Task<JsonElement> UploadAsync(string csv, string query = "")
    {
        var response = await PostCsvAsync(csv, query);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> ConfirmAsync(Guid batchId)
    {
        var response = await App.ClientFor(Trainer).PostAsync($"{Batches}/{batchId}/confirm", null);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetAsync(Guid batchId)
    {
        var response = await App.ClientFor(Trainer).GetAsync($"{Batches}/{batchId}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// Polls the progress API until the batch leaves Queued/Running (the job runs in the app's own job server).
    public async Task<JsonElement> WaitUntilFinishedAsync(Guid batchId, int seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var batch = await GetAsync(batchId);
            if (batch.GetProperty("state").GetString() is not ("Queued" or "Running") || DateTime.UtcNow > until)
            {
                return batch;
            }
            await Task.Delay(100);
        }
    }

    public static string NewEmail(string name = "learner") => $"{name}.{Guid.NewGuid():N}@example.org";

    public static Guid IdOf(JsonElement report) => report.GetProperty("batch").GetProperty("id").GetGuid();
}
