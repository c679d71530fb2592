using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Tests.Schools;

/// A school with an OIV coordinator, an NGO that awards badges, and shortcuts to the schools API.
public sealed record SchoolSetup(TestApp App, Organisation School, TestAccount Coordinator, HttpClient Staff, Issuing Ngo)
{
    /// How a test reaches the app as an account: in memory by default, over real HTTP for apps on Kestrel.
    public Func<TestAccount, HttpClient> ClientOf { get; init; } = App.ClientFor;

    public const string Year = "2026/27";

    public static async Task<SchoolSetup> CreateAsync(TestApp app)
    {
        var school = await app.CreateOrganisationAsync("gim-" + Guid.NewGuid().ToString("N")[..10]);
        var coordinator = await app.CreateAccountAsync(roles: (school.Id, OrganisationRole.SchoolStaff));
        return app.KestrelBaseUrl is null
            ? new SchoolSetup(app, school, coordinator, app.ClientFor(coordinator), await Issuing.CreateAsync(app))
            : new SchoolSetup(app, school, coordinator, KestrelClient(app, coordinator), await Issuing.CreateAsync(app))
            {
                ClientOf = account => KestrelClient(app, account),
            };
    }

    public static HttpClient KestrelClient(TestApp app, TestAccount? account)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.KestrelBaseUrl!) };
        if (account is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account.AccessToken);
        }
        return client;
    }

    public string Api => $"/api/organisations/{School.Id}/school";
    public string StudentApi => $"/api/schools/{School.Id}/submissions";

    /// Voluntary social work: 60 school hours, the NGO's youth badge (any version) gives 10 clock hours.
    public async Task<JsonElement> CreateCourseAsync(object? body = null)
    {
        var response = await Staff.PostAsJsonAsync($"{Api}/courses", body ?? new
        {
            schoolYear = Year,
            title = new { sl = "Prostovoljno socialno delo", en = "Voluntary social work" },
            category = "ProstovoljnoSocialnoDelo",
            requiredHours = 60,
            hourMinutes = 45,
            rules = new[] { new { badge = "initiative-leader/vdp.b.mladi-pobudnik", hours = 10, hourMinutes = 60 } },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// A class whose students have earner accounts of their own email (as after the backpack sign-in).
    public async Task<(Guid ClassId, List<(TestAccount Account, Guid StudentId, string Name)> Students)> CreateClassAsync(
        string name = "3.b", int students = 3, Guid? classTeacher = null)
    {
        var accounts = new List<(TestAccount, string)>();
        for (var i = 0; i < students; i++)
        {
            accounts.Add((await App.CreateAccountAsync($"dijak{i}.{Guid.NewGuid():N}@example.org"), $"Dijak {(char)('A' + i)} Novak"));
        }
        var response = await Staff.PostAsJsonAsync($"{Api}/classes", new
        {
            schoolYear = Year,
            name,
            classTeacherId = classTeacher,
            students = accounts.Select(a => new { email = a.Item1.Email, name = a.Item2 }).ToArray(),
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = created.GetProperty("students").EnumerateArray()
            .ToDictionary(s => s.GetProperty("email").GetString()!, s => s.GetProperty("id").GetGuid());
        return (created.GetProperty("id").GetGuid(), [.. accounts.Select(a => (a.Item1, ids[a.Item1.Email], a.Item2))]);
    }

    /// The NGO awards its youth badge to the student; returns the award id.
    public async Task<string> AwardAsync(TestAccount student, string badge = Issuing.YouthBadge) =>
        (await AwardDocumentAsync(student, badge)).GetProperty("id").GetString()!;

    public async Task<JsonElement> AwardDocumentAsync(TestAccount student, string badge = Issuing.YouthBadge)
    {
        var response = await ClientOf(Ngo.Trainer).PostAsJsonAsync($"/api/organisations/{Ngo.Organisation.Id}/assertions",
            new { badge, recipientEmail = student.Email, recipientName = "Ana Novak" });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> SubmitAsync(TestAccount student, object body) =>
        ClientOf(student).PostAsJsonAsync(StudentApi, body);

    public async Task<JsonElement> SubmitOkAsync(TestAccount student, object body)
    {
        var response = await SubmitAsync(student, body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> DecideAsync(Guid submissionId, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Staff.PostAsJsonAsync($"{Api}/submissions/{submissionId}/decision", body);
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
