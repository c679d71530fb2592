using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Trainings;

/// Bad input to the trainings API is a ProblemDetails naming the field, and nothing is written.
public sealed class TrainingBadInputTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RecordAssessment_AssessorWithoutTrainerRole_Is400NamingAssessorIdAndNothingIsWritten(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var other = await TrainingSetup.CreateAsync(setup.App);
        var admin = setup.App.ClientFor(await setup.App.CreateAccountAsync(roles: (setup.Organisation.Id, OrganisationRole.OrganisationAdmin)));
        var runId = await setup.CreateRunAsync();
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        var url = $"{setup.Run(runId)}/assessments";
        object Assessment(string method, Guid? assessorId = null) =>
            new { email = ana, competenceId = "vdp.ip.potrebe", indicatorIds = new[] { "1a" }, method, assessorId };

        var adminItself = await admin.PostAsJsonAsync(url, Assessment("Observation"));
        var foreignTrainer = await admin.PostAsJsonAsync(url, Assessment("Observation", other.Trainer.Id));
        var onBehalf = await admin.PostAsJsonAsync(url, Assessment("Interview", setup.Trainer.Id));
        var selfAssessment = await admin.PostAsJsonAsync(url, Assessment("SelfAssessment"));

        (await adminItself.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("assessorId").Single()
            .Should().Contain("not a trainer").And.Contain("trainer, mentor");
        (await foreignTrainer.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("assessorId").Single()
            .Should().Contain(other.Trainer.Id.ToString());
        onBehalf.StatusCode.Should().Be(HttpStatusCode.Created, await onBehalf.Content.ReadAsStringAsync());
        (await onBehalf.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("counts").GetBoolean().Should().BeTrue();
        selfAssessment.StatusCode.Should().Be(HttpStatusCode.Created, "a self-assessment is the learner's view, whoever types it in");
        var stored = await setup.App.WithDbAsync(db => db.LearnerAssessments.Where(a => a.RunId == runId)
            .Select(a => new { a.Method, a.AssessorAccountId }).ToListAsync());
        stored.Should().HaveCount(2);
        stored.Single(a => a.Method == AssessmentKind.Interview).AssessorAccountId.Should().Be(setup.Trainer.Id);
    }

    [Fact]
    public async Task RecordAssessment_ForeignIndicatorOrUnknownLearner_Is400AndNothingIsWritten()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        var url = $"{setup.Run(runId)}/assessments";

        // "1a" of vdp.ip.potrebe is fine, but "x1" belongs to no indicator of it.
        var foreign = await setup.Client.PostAsJsonAsync(url, new { email = ana, competenceId = "vdp.ip.potrebe", indicatorIds = new[] { "1a", "x1" }, method = "Observation" });
        var stranger = await setup.Client.PostAsJsonAsync(url, new { email = "stranger@example.org", competenceId = "vdp.ip.potrebe", indicatorIds = new[] { "1a" }, method = "Observation" });

        (await foreign.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("indicatorIds[1]").Single()
            .Should().Contain("'x1'").And.Contain("1a");
        (await stranger.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("email").Single().Should().Contain("not enrolled");
        (await setup.App.WithDbAsync(db => db.LearnerAssessments.CountAsync(a => a.RunId == runId))).Should().Be(0);
    }

    [Fact]
    public async Task AddSession_AfterTheRunsLastDay_Is400AndNothingIsWritten()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var created = await setup.Client.PostAsJsonAsync(setup.Runs, new
        {
            model = TrainingSetup.YouthModel, trainingId = TrainingSetup.YouthTraining, title = "Kratko", startsOn = "2026-10-01", endsOn = "2026-10-03",
        });
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var after = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/sessions", new { startsAt = "2026-10-05T08:00:00Z", plannedMinutes = 90 });
        var before = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/sessions", new { startsAt = "2026-09-20T08:00:00+02:00", plannedMinutes = 90 });
        var lastDay = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/sessions", new { startsAt = "2026-10-03T15:00:00Z", plannedMinutes = 90 });

        (await after.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("startsAt").Single()
            .Should().Contain("2026-10-01 to 2026-10-03").And.Contain("outside");
        (await before.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("startsAt").Should().NotBeEmpty();
        lastDay.StatusCode.Should().Be(HttpStatusCode.Created);
        (await setup.App.WithDbAsync(db => db.TrainingSessions.CountAsync(s => s.RunId == runId))).Should().Be(1);
    }

    [Fact]
    public async Task RecordAttendance_DuplicateOrOverlongRecords_Is400AndNothingIsWritten()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 5, minutes: 90);
        var (ana, bor) = (TrainingSetup.NewEmail("ana"), TrainingSetup.NewEmail("bor"));
        await setup.EnrolAsync(runId, ana, bor);

        var response = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/attendance", new
        {
            records = new object[]
            {
                new { sessionId = session, email = ana, status = "Present" },
                new { sessionId = session, email = ana.ToUpperInvariant(), status = "Absent" },
                new { sessionId = session, email = bor, status = "Justified", reason = "bolezen", minutes = 120 },
            },
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.FieldErrors("records[1].email").Single().Should().Contain("records[0]");
        problem.FieldErrors("records[2].minutes").Single().Should().Contain("90 minutes");
        (await setup.App.WithDbAsync(db => db.TrainingAttendance.CountAsync(a => a.SessionId == session))).Should().Be(0);
    }

    [Fact]
    public async Task RecordEvidenceOrPractice_UnknownLearnerOrRun_IsAProblemAndNothingIsWritten()
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var runId = await setup.CreateRunAsync();

        var evidence = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email = "stranger@example.org", kind = "reflection" });
        var practice = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/practice",
            new { email = "stranger@example.org", kind = "volunteering", startsOn = "2026-10-01", minutes = 60 });
        var unknownRun = await setup.Client.PostAsJsonAsync($"{setup.Run(Guid.NewGuid())}/attendance",
            new { records = new[] { new { sessionId = Guid.NewGuid(), email = "ana@example.org", status = "Present" } } });

        (await evidence.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("email").Single().Should().Contain("not enrolled");
        (await practice.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("email").Single().Should().Contain("not enrolled");
        await unknownRun.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await setup.App.WithDbAsync(async db => await db.LearnerEvidenceItems.CountAsync(e => e.RunId == runId)
            + await db.LearnerPracticeEntries.CountAsync(p => p.OrganisationId == setup.Organisation.Id))).Should().Be(0);
    }
}
