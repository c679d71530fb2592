using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BadgeForge.Api.Features.Trainings;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Trainings;

/// <summary>
/// Awards of a training run: the criteria trace and the assessors go with the award (evidence narrative, stored trace,
/// verification page), and automatic awarding after the last session is idempotent.
/// </summary>
public sealed class TrainingAwardsTests
{
    /// <summary>
    /// The shipped initiative-leader model under a new id, whose youth badge also needs level 1 of vdp.ip.potrebe, so
    /// that an award of the 10-hour training has an assessor.
    /// </summary>
    internal static async Task<string> UploadModelWithAssessedYouthBadgeAsync(TrainingSetup setup)
    {
        var id = "assessed-" + Guid.NewGuid().ToString("N")[..8];
        var yaml = CompetencyModelsTests.UploadableYaml(id).Replace(
            "        - {attendance: {training: vdp.t.motivacija, min_hours: 10}}\n",
            "        - {attendance: {training: vdp.t.motivacija, min_hours: 10}}\n        - {competence: {ref: vdp.ip.potrebe, min_level: 1}}\n",
            StringComparison.Ordinal);
        var admin = await setup.App.CreateAccountAsync(roles: (setup.Organisation.Id, OrganisationRole.OrganisationAdmin));
        var response = await setup.App.ClientFor(admin).PostAsync($"/api/organisations/{setup.Organisation.Id}/models",
            new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return id;
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AwardQualified_CarriesTraceAsEvidenceAndAssessorsToTheVerificationPage(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var modelId = await UploadModelWithAssessedYouthBadgeAsync(setup);
        var runId = await setup.CreateRunAsync($"{modelId}@1.0.0");
        var session = await setup.AddSessionAsync(runId, daysAgo: 3, minutes: 600);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, new { email = ana, displayName = "Ana" });
        await setup.RecordAsync(runId, new { sessionId = session, email = ana, status = "Present" });
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email = ana, kind = "reflection" })).EnsureSuccessStatusCode();
        var assessedAt = DateTime.UtcNow.Date.AddDays(-2).AddHours(10);
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/assessments",
            new { email = ana, competenceId = "vdp.ip.potrebe", indicatorIds = new[] { "1a", "1b" }, method = "Interview", assessedAt })).EnsureSuccessStatusCode();

        var response = await setup.Client.PostAsync($"{setup.Run(runId)}/preview/award", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var awarded = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("awarded").EnumerateArray().Single();
        var assertionId = awarded.GetProperty("assertionId").GetString()!;
        var url = awarded.GetProperty("url").GetString()!;
        var trainerName = "Test " + setup.Trainer.Email;

        var stored = AwardTrace.FromJson(await setup.App.WithDbAsync(db => db.Awards.Where(a => a.Id == assertionId).Select(a => a.CriteriaTraceJson).SingleAsync()));
        stored.Should().NotBeNull();
        stored!.RunId.Should().Be(runId);
        stored.Criteria.Select(c => c.Kind).Should().Equal("attendance", "competence", "evidence");
        stored.Criteria.Should().OnlyContain(c => c.Met);
        var assessor = stored.AssessedBy.Should().ContainSingle().Subject;
        assessor.AssessorAccountId.Should().Be(setup.Trainer.Id);
        assessor.AssessorName.Should().Be(trainerName);
        assessor.Organisation.En.Should().Be(setup.Organisation.Name.En);
        assessor.CompetenceId.Should().Be("vdp.ip.potrebe");
        assessor.IndicatorIds.Should().Equal("1a", "1b");
        assessor.Method.Should().Be(AssessmentKind.Interview);
        assessor.AssessedAt.Should().Be(assessedAt);

        var (_, _, assertion) = await AssertionsTests.FetchJsonAsync(setup.App, url);
        var narrative = assertion.GetProperty("evidence")[0].GetProperty("narrative").GetString();
        narrative.Should().Contain("10 od zahtevanih 10 ur").And.Contain("10 of the required 10 hours");
        narrative.Should().Contain($"{trainerName} ({setup.Organisation.Name.En})").And.Contain("interview")
            .And.Contain($"{trainerName} ({setup.Organisation.Name.Sl})").And.Contain("intervju");

        var english = await (await AssertionsTests.Get(setup.App, url + "?lang=en", "text/html")).Content.ReadAsStringAsync();
        var slovenian = await (await AssertionsTests.Get(setup.App, url + "?lang=sl", "text/html")).Content.ReadAsStringAsync();
        english.Should().Contain("Criteria met").And.Contain("Assessed by").And.Contain("10 of the required 10 hours")
            .And.Contain(trainerName).And.Contain(setup.Organisation.Name.En).And.Contain("interview");
        slovenian.Should().Contain("Izpolnjena merila").And.Contain("Ocenili").And.Contain("10 od zahtevanih 10 ur")
            .And.Contain(trainerName).And.Contain(setup.Organisation.Name.Sl).And.Contain("intervju");
    }

    [Fact]
    public async Task ShareLink_WithoutEvidence_HidesCriteriaAndAssessors()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 2, minutes: 600);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        await setup.RecordAsync(runId, new { sessionId = session, email = ana, status = "Present" });
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email = ana, kind = "reflection" })).EnsureSuccessStatusCode();
        var awarded = await (await setup.Client.PostAsync($"{setup.Run(runId)}/preview/award", null)).Content.ReadFromJsonAsync<JsonElement>();
        var assertionId = awarded.GetProperty("awarded")[0].GetProperty("assertionId").GetString();
        var earner = setup.App.ClientFor(await setup.App.CreateAccountAsync(email: ana));
        async Task<string> SharedPageAsync(bool showEvidence)
        {
            var share = await earner.PostAsJsonAsync($"/api/backpack/badges/{assertionId}/shares", new { showName = false, showEvidence, expiresInDays = 7 });
            share.StatusCode.Should().Be(HttpStatusCode.Created, await share.Content.ReadAsStringAsync());
            var url = (await share.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
            return await (await AssertionsTests.Get(setup.App, url + "?lang=en", "text/html")).Content.ReadAsStringAsync();
        }

        var withEvidence = await SharedPageAsync(showEvidence: true);
        var withoutEvidence = await SharedPageAsync(showEvidence: false);

        withEvidence.Should().Contain("Criteria met").And.Contain("10 of the required 10 hours");
        withoutEvidence.Should().Contain("Valid badge").And.NotContain("Criteria met").And.NotContain("10 of the required 10 hours");
    }

    [Fact]
    public async Task VerificationPage_AwardNotFromATraining_HasNoCriteriaMetSection()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var response = await setup.Client.PostAsJsonAsync($"/api/organisations/{setup.Organisation.Id}/assertions",
            new { badge = TrainingSetup.YouthBadge, recipientEmail = TrainingSetup.NewEmail() });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        var page = await (await AssertionsTests.Get(setup.App, url + "?lang=en", "text/html")).Content.ReadAsStringAsync();

        page.Should().Contain("Valid badge").And.NotContain("Criteria met").And.NotContain("Assessed by");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AutoAward_LastSessionRecorded_AwardsQualifiedOnceAndReportsHeldBadges(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var defaults = await setup.Client.GetFromJsonAsync<JsonElement>(setup.Run(runId));
        var enable = await setup.Client.PutAsJsonAsync($"{setup.Run(runId)}/settings", new { autoAward = true });
        var first = await setup.AddSessionAsync(runId, daysAgo: 5, minutes: 300);
        var last = await setup.AddSessionAsync(runId, daysAgo: 2, minutes: 300);
        var (ana, bor, cene) = (TrainingSetup.NewEmail("ana"), TrainingSetup.NewEmail("bor"), TrainingSetup.NewEmail("cene"));
        await setup.EnrolAsync(runId, ana, bor, cene);
        foreach (var email in new[] { ana, bor, cene })
        {
            (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email, kind = "reflection" })).EnsureSuccessStatusCode();
        }
        var manual = await setup.Client.PostAsJsonAsync($"/api/organisations/{setup.Organisation.Id}/assertions",
            new { badge = TrainingSetup.YouthBadge, recipientEmail = bor });
        var borsAward = (await manual.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var notLast = await RecordAsync(setup, runId,
            new { sessionId = first, email = ana, status = "Present" }, new { sessionId = first, email = bor, status = "Present" },
            new { sessionId = first, email = cene, status = "Present" });
        var lastRecorded = await RecordAsync(setup, runId,
            new { sessionId = last, email = ana, status = "Present" }, new { sessionId = last, email = bor, status = "Present" },
            new { sessionId = last, email = cene, status = "Absent" });
        var recordedAgain = await RecordAsync(setup, runId, new { sessionId = last, email = ana, status = "Present" });
        var csv = await setup.PostCsvAsync(runId, Encoding.UTF8.GetBytes($"email;session;status\n{cene};{last};prisoten\n"));

        defaults.GetProperty("autoAward").GetBoolean().Should().BeFalse("automatic awarding is off by default");
        enable.StatusCode.Should().Be(HttpStatusCode.OK, await enable.Content.ReadAsStringAsync());
        (await enable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("autoAward").GetBoolean().Should().BeTrue();
        notLast.GetProperty("autoAwarded").ValueKind.Should().Be(JsonValueKind.Null, "the last session was not recorded yet");
        var awarded = lastRecorded.GetProperty("autoAwarded");
        awarded.GetProperty("awarded").EnumerateArray().Select(a => a.GetProperty("email").GetString()).Should().Equal(ana);
        var held = awarded.GetProperty("alreadyHeld").EnumerateArray().Should().ContainSingle().Subject;
        held.GetProperty("email").GetString().Should().Be(bor);
        held.GetProperty("assertionId").GetString().Should().Be(borsAward);
        awarded.GetProperty("skipped").GetInt32().Should().Be(1);
        var again = recordedAgain.GetProperty("autoAwarded");
        again.GetProperty("awarded").GetArrayLength().Should().Be(0, "re-evaluation never issues twice");
        again.GetProperty("alreadyHeld").EnumerateArray().Select(h => h.GetProperty("email").GetString()).Should().BeEquivalentTo([ana, bor]);
        csv.StatusCode.Should().Be(HttpStatusCode.OK, await csv.Content.ReadAsStringAsync());
        (await csv.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("autoAwarded").GetProperty("awarded").EnumerateArray()
            .Select(a => a.GetProperty("email").GetString()).Should().Equal(cene);
        var counts = await setup.App.WithDbAsync(async db => await db.Awards.Where(a => a.OrganisationId == setup.Organisation.Id)
            .GroupBy(a => a.RecipientEmail).Select(g => g.Count()).ToListAsync());
        counts.Should().HaveCount(3).And.OnlyContain(c => c == 1, "each learner holds the badge exactly once");
    }

    [Fact]
    public async Task AutoAward_Off_RecordingTheLastSessionAwardsNothing()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 2, minutes: 600);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email = ana, kind = "reflection" })).EnsureSuccessStatusCode();

        var result = await RecordAsync(setup, runId, new { sessionId = session, email = ana, status = "Present" });

        result.GetProperty("autoAwarded").ValueKind.Should().Be(JsonValueKind.Null);
        (await setup.App.WithDbAsync(db => db.Awards.CountAsync(a => a.OrganisationId == setup.Organisation.Id))).Should().Be(0);
    }

    [Fact]
    public async Task UpdateSettings_MissingAutoAward_IsAProblemNamingTheField()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();

        var response = await setup.Client.PutAsJsonAsync($"{setup.Run(runId)}/settings", new { });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("autoAward").Should().NotBeEmpty();
    }

    [Fact]
    public async Task UpdateSettings_RunOfAnotherOrganisation_IsNotFoundAndUnchanged()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var other = await TrainingSetup.CreateAsync(setup.App);
        var othersRun = await other.CreateRunAsync();

        var response = await setup.Client.PutAsJsonAsync($"{setup.Runs}/{othersRun}/settings", new { autoAward = true });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await setup.App.WithDbAsync(db => db.TrainingRuns.Where(r => r.Id == othersRun).Select(r => r.AutoAward).SingleAsync())).Should().BeFalse();
    }

    private static async Task<JsonElement> RecordAsync(TrainingSetup setup, Guid runId, params object[] records)
    {
        var response = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/attendance", new { records });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
