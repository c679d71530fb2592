using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Trainings;

/// Training runs, sessions, enrolment by email and attendance recorded as JSON.
public sealed class TrainingRunsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task CreateRun_PublishedModelAndTraining_IsCreatedWithPinnedVersionAndListed(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));

        var runId = await setup.CreateRunAsync(hourLength: 45);
        var day = DateTime.UtcNow.Date.AddDays(-2);
        var response = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/sessions",
            new { startsAt = new DateTimeOffset(DateTime.SpecifyKind(day.AddHours(8), DateTimeKind.Unspecified), TimeSpan.FromHours(2)), lessons = 2 });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

        var run = await setup.Client.GetFromJsonAsync<JsonElement>(setup.Run(runId));
        run.GetProperty("model").GetString().Should().Be("initiative-leader@1.0.0");
        run.GetProperty("trainingId").GetString().Should().Be("vdp.t.motivacija");
        run.GetProperty("trainingTitle").GetProperty("sl").GetString().Should().StartWith("Motivacijsko usposabljanje");
        run.GetProperty("hourLengthMinutes").GetInt32().Should().Be(45);
        run.GetProperty("trainerIds")[0].GetGuid().Should().Be(setup.Trainer.Id);
        var session = run.GetProperty("sessions")[0];
        session.GetProperty("plannedMinutes").GetInt32().Should().Be(90, "two school lessons of 45 minutes");
        session.GetProperty("startsAt").GetDateTime().Should().Be(DateTime.SpecifyKind(day.AddHours(6), DateTimeKind.Utc));
        session.GetProperty("mode").GetString().Should().Be("Group");
        var list = await setup.Client.GetFromJsonAsync<JsonElement>(setup.Runs);
        list.GetProperty("total").GetInt32().Should().Be(1);
        list.GetProperty("items")[0].GetProperty("id").GetGuid().Should().Be(runId);
    }

    [Theory]
    [InlineData("no-such-model@1.0.0", "vdp.t.motivacija", "model", "no competency model")]
    [InlineData("initiative-leader@9.0.0", "vdp.t.motivacija", "model", "has no version 9.0.0")]
    [InlineData("community-worker@2.0.0", "sd.t.skupnostni-delavec", "model", "draft")]
    [InlineData("initiative-leader", "vdp.t.motivacija", "model", "model@version")]
    [InlineData("initiative-leader@1.0.0", "vdp.t.nope", "trainingId", "no training 'vdp.t.nope'")]
    public async Task CreateRun_BadModelOrTraining_Is400NamingTheField(string model, string training, string field, string message)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        var response = await setup.Client.PostAsJsonAsync(setup.Runs, new { model, trainingId = training, title = "X", startsOn = "2026-10-01" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.FieldErrors(field).Should().ContainSingle().Which.Should().Contain(message);
        (await setup.App.WithDbAsync(db => db.TrainingRuns.CountAsync(r => r.OrganisationId == setup.Organisation.Id))).Should().Be(0);
    }

    [Fact]
    public async Task CreateRun_BadHourLengthDatesOrTrainer_Is400NamingTheField()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var stranger = await setup.App.CreateAccountAsync();
        object Body(object extra) => JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.Serialize(new
        {
            model = TrainingSetup.YouthModel, trainingId = TrainingSetup.YouthTraining, title = "X", startsOn = "2026-10-01",
        }))!.Concat(JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.Serialize(extra))!).ToDictionary();

        foreach (var (extra, field) in new (object, string)[]
                 {
                     (new { hourLengthMinutes = 50 }, "hourLengthMinutes"),
                     (new { endsOn = "2026-09-01" }, "endsOn"),
                     (new { trainerIds = new[] { setup.Trainer.Id, stranger.Id } }, "trainerIds[1]"),
                 })
        {
            var response = await setup.Client.PostAsJsonAsync(setup.Runs, Body(extra));
            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors(field).Should().NotBeEmpty();
        }
        var missing = await setup.Client.PostAsJsonAsync(setup.Runs, new { model = TrainingSetup.YouthModel, trainingId = TrainingSetup.YouthTraining });
        var problem = await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.FieldErrors("title").Should().NotBeEmpty();
        problem.FieldErrors("startsOn").Should().NotBeEmpty();
    }

    [Fact]
    public async Task AddSession_UnknownModuleOrNoLength_Is400NamingTheField()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var modular = await setup.CreateRunAsync("as-aktiviraj-se@1.0.0", "as.program");
        var plain = await setup.CreateRunAsync();
        var startsAt = DateTime.UtcNow.Date.AddDays(-1).AddHours(8);

        var unknown = await setup.Client.PostAsJsonAsync($"{setup.Run(modular)}/sessions", new { startsAt, plannedMinutes = 60, moduleId = "m9" });
        (await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("moduleId").Single().Should().Contain("no module 'm9'").And.Contain("m1");
        var noModules = await setup.Client.PostAsJsonAsync($"{setup.Run(plain)}/sessions", new { startsAt, plannedMinutes = 60, moduleId = "m1" });
        (await noModules.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("moduleId").Single().Should().Contain("has no modules");
        var noLength = await setup.Client.PostAsJsonAsync($"{setup.Run(plain)}/sessions", new { startsAt });
        (await noLength.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("plannedMinutes").Should().NotBeEmpty();
        var individualForNobody = await setup.Client.PostAsJsonAsync($"{setup.Run(plain)}/sessions", new { startsAt, plannedMinutes = 60, mode = "Individual" });
        (await individualForNobody.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("scheduledFor").Should().NotBeEmpty();
        var lastYear = await setup.Client.PostAsJsonAsync($"{setup.Run(plain)}/sessions", new { startsAt = startsAt.AddYears(-1), plannedMinutes = 60 });
        (await lastYear.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("startsAt").Single().Should().Contain("outside");

        await setup.AddSessionAsync(modular, daysAgo: 3, moduleId: "m1");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Enrol_SameEmailInAnotherCase_IsOnePersonAcrossRunsAndOrganisations(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var setup = await TrainingSetup.CreateAsync(app);
        var other = await TrainingSetup.CreateAsync(app);
        var runId = await setup.CreateRunAsync();
        var otherRun = await other.CreateRunAsync();
        var local = $"Ana.Novak.{Guid.NewGuid():N}";

        var first = await setup.EnrolAsync(runId,
            new { email = $"{local}@Example.ORG", displayName = "Ana Novak" },
            new { email = $"  {local.ToLowerInvariant()}@example.org ", displayName = "Ana N." });
        var again = await setup.EnrolAsync(runId, $"{local.ToUpperInvariant()}@EXAMPLE.ORG");
        var elsewhere = await other.EnrolAsync(otherRun, new { email = $"{local}@example.org", displayName = "A. Novak" });

        first.GetProperty("enrolled").GetArrayLength().Should().Be(1);
        var enrolment = first.GetProperty("enrolled")[0];
        enrolment.GetProperty("email").GetString().Should().Be($"{local.ToLowerInvariant()}@example.org");
        enrolment.GetProperty("displayName").GetString().Should().Be("Ana Novak");
        var learnerId = enrolment.GetProperty("learnerId").GetGuid();
        again.GetProperty("enrolled").GetArrayLength().Should().Be(0);
        again.GetProperty("alreadyEnrolled")[0].GetProperty("learnerId").GetGuid().Should().Be(learnerId);
        var theirs = elsewhere.GetProperty("enrolled")[0];
        theirs.GetProperty("learnerId").GetGuid().Should().Be(learnerId, "a learner is a person, not a row of one organisation");
        theirs.GetProperty("displayName").GetString().Should().Be("A. Novak", "each organisation keeps its own name for the person");
        (await app.WithDbAsync(db => db.LearnerEmails.CountAsync(e => e.LearnerId == learnerId))).Should().Be(1);
        (await app.WithDbAsync(db => db.TrainingEnrolments.CountAsync(e => e.RunId == runId))).Should().Be(1);
    }

    [Fact]
    public async Task Enrol_MinorWithoutGuardianOrBadEmail_Is400()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();

        var minor = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/enrolments",
            new { learners = new object[] { new { email = TrainingSetup.NewEmail() }, new { email = TrainingSetup.NewEmail(), isMinor = true } } });
        (await minor.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("learners[1].guardianEmail").Should().NotBeEmpty();
        var bad = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/enrolments", new { learners = new[] { new { email = "not an email" } } });
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("learners[0].email").Should().NotBeEmpty();
        (await setup.App.WithDbAsync(db => db.TrainingEnrolments.CountAsync(e => e.RunId == runId))).Should().Be(0);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RecordAttendance_Json_IsStoredAndASecondRecordReplacesTheFirst(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var setup = await TrainingSetup.CreateAsync(app);
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 5, minutes: 120);
        var ana = TrainingSetup.NewEmail("ana");
        var bor = TrainingSetup.NewEmail("bor");
        await setup.EnrolAsync(runId, ana, bor);

        var first = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/attendance", new
        {
            records = new object[]
            {
                new { sessionId = session, email = ana.ToUpperInvariant(), status = "Present", minutes = 90 },
                new { sessionId = session, email = bor, status = "Justified", reason = "bolezen", proofReference = "opravičilo 14/2026" },
            },
        });
        var corrected = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/attendance", new
        {
            records = new[] { new { sessionId = session, email = ana, status = "Present" } },
        });

        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32().Should().Be(2);
        (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replaced").GetInt32().Should().Be(1);
        var records = await app.WithDbAsync(db => db.TrainingAttendance.Where(a => a.SessionId == session).ToListAsync());
        records = [.. records.OrderBy(a => a.Status)];
        records.Should().HaveCount(2);
        records[0].Status.Should().Be(AttendanceKind.Present);
        records[0].PresentMinutes.Should().Be(120, "present without minutes means the whole session");
        records[1].Status.Should().Be(AttendanceKind.Justified);
        records[1].Reason.Should().Be("bolezen");
        records[1].ProofReference.Should().Be("opravičilo 14/2026");
    }

    [Fact]
    public async Task RecordAttendance_BadRecords_Is400ForEachAndNothingIsWritten()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 5, minutes: 60);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);

        var response = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/attendance", new
        {
            records = new object[]
            {
                new { sessionId = session, email = ana, status = "Present", minutes = 60 },
                new { sessionId = session, email = "stranger@example.org", status = "Present" },
                new { sessionId = Guid.NewGuid(), email = ana, status = "Absent" },
                new { sessionId = session, email = ana, status = "Justified" },
                new { sessionId = session, email = ana, status = "Present", minutes = 61 },
            },
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.FieldErrors("records[1].email").Single().Should().Contain("not enrolled");
        problem.FieldErrors("records[2].sessionId").Single().Should().Contain("not a session of this run");
        problem.FieldErrors("records[3].reason").Single().Should().Contain("needs a reason");
        problem.FieldErrors("records[4].minutes").Single().Should().Contain("60 minutes");
        (await setup.App.WithDbAsync(db => db.TrainingAttendance.CountAsync(a => a.SessionId == session))).Should().Be(0);
    }

    [Fact]
    public async Task RecordAttendance_IndividualSession_CountsOnlyForItsLearner()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();
        var (ana, bor) = (TrainingSetup.NewEmail("ana"), TrainingSetup.NewEmail("bor"));
        await setup.EnrolAsync(runId, ana, bor);
        var created = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/sessions",
            new { startsAt = DateTime.UtcNow.Date.AddDays(-1).AddHours(9), plannedMinutes = 45, mode = "Individual", scheduledFor = ana.ToUpperInvariant() });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var forBor = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/attendance",
            new { records = new[] { new { sessionId = session, email = bor, status = "Present" } } });

        (await forBor.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("records[0].sessionId").Single().Should().Contain("another learner");
        await setup.RecordAsync(runId, new { sessionId = session, email = ana, status = "Present" });
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RecordPractice_IsStoredWithTheConfirmersRole_BadPhaseIs400(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-7)).ToString("yyyy-MM-dd");

        var response = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/practice",
            new { email = ana, kind = "volunteering", startsOn = day, minutes = 150, phases = new[] { "Planning", "evaluation" } });
        var badPhase = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/practice",
            new { email = ana, kind = "volunteering", startsOn = day, minutes = 60, phases = new[] { "planning", "dreaming" } });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("confirmedByRole").GetString().Should().Be("Trainer");
        body.GetProperty("status").GetString().Should().Be("Accepted");
        (await badPhase.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("phases[1]").Should().NotBeEmpty();
        var stored = await setup.App.WithDbAsync(db => db.LearnerPracticeEntries.SingleAsync(p => p.OrganisationId == setup.Organisation.Id));
        stored.Phases.Should().Equal("planning", "evaluation");
        stored.Minutes.Should().Be(150);
    }

    [Fact]
    public async Task GetRun_OfAnotherOrganisation_IsNotFoundThroughOwnOrganisation()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var owner = await TrainingSetup.CreateAsync(app);
        var intruder = await TrainingSetup.CreateAsync(app);
        var runId = await owner.CreateRunAsync();

        var viaOwnOrganisation = await intruder.Client.GetAsync($"{intruder.Runs}/{runId}");
        var viaOwnersRoute = await intruder.Client.GetAsync(owner.Run(runId));
        var preview = await intruder.Client.GetAsync($"{intruder.Runs}/{runId}/preview");

        (await viaOwnOrganisation.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail().Should().Contain(runId.ToString());
        await viaOwnersRoute.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await preview.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await intruder.Client.GetFromJsonAsync<JsonElement>(intruder.Runs)).GetProperty("total").GetInt32().Should().Be(0);
    }
}
