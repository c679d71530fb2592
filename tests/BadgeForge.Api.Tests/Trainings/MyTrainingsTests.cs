using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;

namespace BadgeForge.Api.Tests.Trainings;

/// A learner signed in to the backpack sees their own trainings, attendance, assessments and progress, and nobody else's.
public sealed class MyTrainingsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ListMyTrainings_SignedInLearner_SeesOnlyOwnRecordsAtEveryOrganisation(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var setup = await TrainingSetup.CreateAsync(app);
        var other = await TrainingSetup.CreateAsync(app);
        var runId = await setup.CreateRunAsync();
        var otherRunId = await other.CreateRunAsync();
        var group = await setup.AddSessionAsync(runId, daysAgo: 4, minutes: 480);
        var (ana, bor) = (TrainingSetup.NewEmail("ana"), TrainingSetup.NewEmail("bor"));
        await setup.EnrolAsync(runId, new { email = ana, displayName = "Ana" }, new { email = bor, displayName = "Bor" });
        await other.EnrolAsync(otherRunId, ana);
        var borsOwn = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/sessions", new
        {
            startsAt = DateTime.UtcNow.Date.AddDays(-3).AddHours(9), plannedMinutes = 60, mode = "Individual", scheduledFor = bor,
        });
        borsOwn.StatusCode.Should().Be(HttpStatusCode.Created, await borsOwn.Content.ReadAsStringAsync());
        await setup.RecordAsync(runId, new { sessionId = group, email = ana, status = "Present" }, new { sessionId = group, email = bor, status = "Justified", reason = "bolezen" });
        foreach (var (email, indicator) in new[] { (ana, "1a"), (bor, "1b") })
        {
            (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/assessments",
                new { email, competenceId = "vdp.ip.potrebe", indicatorIds = new[] { indicator }, method = "Observation", note = "note for " + email })).EnsureSuccessStatusCode();
        }
        var anaAccount = await app.CreateAccountAsync(email: ana);
        var borAccount = await app.CreateAccountAsync(email: bor);
        var stranger = await app.CreateAccountAsync();

        var anaResponse = await app.ClientFor(anaAccount).GetAsync("/api/backpack/trainings");
        var borView = await app.ClientFor(borAccount).GetFromJsonAsync<JsonElement>("/api/backpack/trainings");
        var strangerView = await app.ClientFor(stranger).GetFromJsonAsync<JsonElement>("/api/backpack/trainings");

        anaResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var anaBody = await anaResponse.Content.ReadAsStringAsync();
        anaBody.Should().NotContain(bor).And.NotContain("\"1b\"").And.NotContain("bolezen");
        var anaTrainings = JsonDocument.Parse(anaBody).RootElement.GetProperty("trainings").EnumerateArray().ToList();
        anaTrainings.Select(t => t.GetProperty("runId").GetGuid()).Should().BeEquivalentTo([runId, otherRunId], "the same person at two organisations");
        var mine = anaTrainings.Single(t => t.GetProperty("runId").GetGuid() == runId);
        mine.GetProperty("organisation").GetProperty("en").GetString().Should().Be(setup.Organisation.Name.En);
        var sessions = mine.GetProperty("attendance").EnumerateArray().ToList();
        sessions.Should().ContainSingle("Bor's individual session is his").Which.GetProperty("status").GetString().Should().Be("Present");
        sessions[0].GetProperty("presentMinutes").GetInt32().Should().Be(480);
        var assessment = mine.GetProperty("assessments").EnumerateArray().Should().ContainSingle().Subject;
        assessment.GetProperty("indicatorIds").EnumerateArray().Select(i => i.GetString()).Should().Equal("1a");
        assessment.GetProperty("assessor").GetString().Should().Be("Test " + setup.Trainer.Email);
        var progress = mine.GetProperty("progress").EnumerateArray().Should().ContainSingle().Subject;
        progress.GetProperty("badge").GetString().Should().Be(TrainingSetup.YouthBadge);
        progress.GetProperty("qualified").GetBoolean().Should().BeFalse("8 of 10 hours and no reflection yet");
        progress.GetProperty("conditions")[0].GetProperty("message").GetProperty("en").GetString().Should().Contain("8 of the required 10 hours");

        var borRun = borView.GetProperty("trainings").EnumerateArray().Should().ContainSingle().Subject;
        borRun.GetProperty("attendance").EnumerateArray().Select(s => s.GetProperty("status").GetString()).Should().Equal("Justified", null);
        borRun.GetProperty("assessments")[0].GetProperty("note").GetString().Should().Be("note for " + bor);
        strangerView.GetProperty("trainings").GetArrayLength().Should().Be(0);
    }
}
