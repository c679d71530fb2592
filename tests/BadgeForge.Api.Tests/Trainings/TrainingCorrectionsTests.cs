using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Trainings;

/// <summary>
/// Trainers correct mistakes: edit runs and sessions, delete what awarded nothing (409 once it did), let learners leave,
/// re-record attendance and withdraw assessments; bad corrections are 400 naming the field, and nothing is written.
/// </summary>
public sealed class TrainingCorrectionsTests
{
    private static string Day(int daysAgo) => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-daysAgo)).ToString("yyyy-MM-dd");

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EditRun_ValidCorrection_ChangesFieldsAndTrainers_SessionOutsideNewDatesIsRefused(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        await setup.AddSessionAsync(runId, daysAgo: 10);
        var colleague = await setup.App.CreateAccountAsync(roles: (setup.Organisation.Id, OrganisationRole.Trainer));

        var edited = await setup.Client.PutAsJsonAsync(setup.Run(runId), new
        {
            title = "Gimnazija Celje, jesen 2026", startsOn = Day(20), endsOn = Day(0), place = "Velenje", hourLengthMinutes = 45,
            trainerIds = new[] { colleague.Id },
        });
        var tooEarlyEnd = await setup.Client.PutAsJsonAsync(setup.Run(runId), new { title = "X", startsOn = Day(20), endsOn = Day(15) });
        var notStaff = await setup.Client.PutAsJsonAsync(setup.Run(runId), new { title = "X", startsOn = Day(20), trainerIds = new[] { Guid.NewGuid() } });

        edited.StatusCode.Should().Be(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        var run = await edited.Content.ReadFromJsonAsync<JsonElement>();
        run.GetProperty("title").GetString().Should().Be("Gimnazija Celje, jesen 2026");
        run.GetProperty("startsOn").GetString().Should().Be(Day(20));
        run.GetProperty("endsOn").GetString().Should().Be(Day(0));
        run.GetProperty("place").GetString().Should().Be("Velenje");
        run.GetProperty("hourLengthMinutes").GetInt32().Should().Be(45);
        run.GetProperty("trainerIds").EnumerateArray().Select(t => t.GetGuid()).Should().Equal(colleague.Id);
        (await tooEarlyEnd.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("endsOn").Should().NotBeEmpty();
        (await notStaff.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("trainerIds[0]").Should().NotBeEmpty();
        var stored = await setup.App.WithDbAsync(db => db.TrainingRuns.Include(r => r.Trainers).SingleAsync(r => r.Id == runId));
        stored.Title.Should().Be("Gimnazija Celje, jesen 2026", "refused corrections write nothing");
        stored.Trainers.Select(t => t.AccountId).Should().Equal(colleague.Id);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task EditSession_CancelAndReschedule_AreStored_ShorterThanRecordedPresenceIsRefused(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 5, minutes: 120);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        await setup.RecordAsync(runId, new { sessionId = session, email = ana, status = "Present", minutes = 100 });
        var url = $"{setup.Run(runId)}/sessions/{session}";
        var startsAt = DateTime.UtcNow.Date.AddDays(-4).AddHours(9);

        var edited = await setup.Client.PutAsJsonAsync(url, new { startsAt, plannedMinutes = 110, cancelled = true });
        var tooShort = await setup.Client.PutAsJsonAsync(url, new { startsAt, plannedMinutes = 90 });
        var outsideRun = await setup.Client.PutAsJsonAsync(url, new { startsAt = DateTime.UtcNow.AddYears(-1), plannedMinutes = 110 });
        var intoTheFuture = await setup.Client.PutAsJsonAsync(url, new { startsAt = DateTime.UtcNow.AddDays(1), plannedMinutes = 110 });
        var unknown = await setup.Client.PutAsJsonAsync($"{setup.Run(runId)}/sessions/{Guid.NewGuid()}", new { startsAt, plannedMinutes = 110 });

        edited.StatusCode.Should().Be(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        var body = await edited.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("plannedMinutes").GetInt32().Should().Be(110);
        body.GetProperty("cancelled").GetBoolean().Should().BeTrue();
        (await tooShort.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("plannedMinutes").Should().NotBeEmpty();
        (await outsideRun.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("startsAt").Should().NotBeEmpty();
        (await intoTheFuture.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("startsAt").Should().NotBeEmpty();
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var stored = await setup.App.WithDbAsync(db => db.TrainingSessions.SingleAsync(s => s.Id == session));
        (stored.StartsAt, stored.PlannedMinutes, stored.Cancelled).Should().Be((startsAt, 110, true));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delete_WithoutAwards_RemovesSessionAndRunWithTheirRecords(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var first = await setup.AddSessionAsync(runId, daysAgo: 5);
        var second = await setup.AddSessionAsync(runId, daysAgo: 3);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        await setup.RecordAsync(runId, new { sessionId = first, email = ana, status = "Present" }, new { sessionId = second, email = ana, status = "Present" });
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/assessments",
            new { email = ana, competenceId = "vdp.ip.potrebe", indicatorIds = new[] { "1a" }, method = "Interview" })).EnsureSuccessStatusCode();
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email = ana, kind = "reflection" })).EnsureSuccessStatusCode();

        var sessionDeleted = await setup.Client.DeleteAsync($"{setup.Run(runId)}/sessions/{first}");
        var attendanceAfterSession = await setup.App.WithDbAsync(db => db.TrainingAttendance.CountAsync(a => a.SessionId == first || a.SessionId == second));
        var runDeleted = await setup.Client.DeleteAsync(setup.Run(runId));

        sessionDeleted.StatusCode.Should().Be(HttpStatusCode.NoContent, await sessionDeleted.Content.ReadAsStringAsync());
        attendanceAfterSession.Should().Be(1, "the deleted session's attendance goes with it, the other session's stays");
        runDeleted.StatusCode.Should().Be(HttpStatusCode.NoContent, await runDeleted.Content.ReadAsStringAsync());
        await (await setup.Client.GetAsync(setup.Run(runId))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await setup.App.WithDbAsync(async db => await db.LearnerAssessments.CountAsync(a => a.RunId == runId)
            + await db.LearnerEvidenceItems.CountAsync(e => e.RunId == runId) + await db.TrainingSessions.CountAsync(s => s.RunId == runId)
            + await db.TrainingEnrolments.CountAsync(e => e.RunId == runId))).Should().Be(0);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delete_AfterAnAward_IsAConflictAndKeepsEverything(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 3, minutes: 600);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        await setup.RecordAsync(runId, new { sessionId = session, email = ana, status = "Present" });
        (await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/evidence", new { email = ana, kind = "reflection" })).EnsureSuccessStatusCode();
        (await setup.Client.PostAsync($"{setup.Run(runId)}/preview/award", null)).EnsureSuccessStatusCode();

        var sessionDelete = await setup.Client.DeleteAsync($"{setup.Run(runId)}/sessions/{session}");
        var runDelete = await setup.Client.DeleteAsync(setup.Run(runId));

        (await sessionDelete.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("Badges were awarded");
        (await runDelete.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("the run cannot be deleted");
        (await setup.App.WithDbAsync(db => db.TrainingAttendance.CountAsync(a => a.SessionId == session))).Should().Be(1);
        (await setup.Client.GetAsync(setup.Run(runId))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Leave_KeepsEarlierAttendance_RemovesLaterAndRefusesNewLaterRecords(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var before = await setup.AddSessionAsync(runId, daysAgo: 10);
        var after = await setup.AddSessionAsync(runId, daysAgo: 2);
        var ana = TrainingSetup.NewEmail("ana");
        var learnerId = (await setup.EnrolAsync(runId, ana)).GetProperty("enrolled")[0].GetProperty("learnerId").GetGuid();
        await setup.RecordAsync(runId, new { sessionId = before, email = ana, status = "Present" }, new { sessionId = after, email = ana, status = "Present" });
        var leftAt = DateTime.UtcNow.Date.AddDays(-5);

        var left = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/enrolments/{learnerId}/leave", new { leftAt });
        var recordAfter = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/attendance",
            new { records = new[] { new { sessionId = after, email = ana, status = "Present" } } });
        var future = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/enrolments/{learnerId}/leave", new { leftAt = DateTime.UtcNow.AddDays(2) });
        var stranger = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/enrolments/{Guid.NewGuid()}/leave", new { });

        left.StatusCode.Should().Be(HttpStatusCode.OK, await left.Content.ReadAsStringAsync());
        var body = await left.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("removedAttendance").GetInt32().Should().Be(1);
        body.GetProperty("enrolment").GetProperty("leftAt").GetDateTime().Should().Be(leftAt);
        (await setup.App.WithDbAsync(db => db.TrainingAttendance.Where(a => a.LearnerId == learnerId).Select(a => a.SessionId).ToListAsync()))
            .Should().Equal(before);
        (await recordAfter.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("records[0].sessionId").Should().NotBeEmpty();
        (await future.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("leftAt").Should().NotBeEmpty();
        await stranger.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Correct_ReRecordedAttendanceReplaces_WithdrawnAssessmentNoLongerCounts(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var session = await setup.AddSessionAsync(runId, daysAgo: 3);
        var ana = TrainingSetup.NewEmail("ana");
        await setup.EnrolAsync(runId, ana);
        await setup.RecordAsync(runId, new { sessionId = session, email = ana, status = "Absent" });
        var assessed = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/assessments",
            new { email = ana, competenceId = "vdp.ip.potrebe", indicatorIds = new[] { "1a" }, method = "Interview" });
        var assessmentId = (await assessed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var reRecorded = await setup.Client.PostAsJsonAsync($"{setup.Run(runId)}/attendance",
            new { records = new[] { new { sessionId = session, email = ana, status = "Present", minutes = 90 } } });
        var withdrawn = await setup.Client.DeleteAsync($"{setup.Run(runId)}/assessments/{assessmentId}");
        var unknown = await setup.Client.DeleteAsync($"{setup.Run(runId)}/assessments/{Guid.NewGuid()}");

        (await reRecorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replaced").GetInt32().Should().Be(1);
        var attendance = await setup.App.WithDbAsync(db => db.TrainingAttendance.SingleAsync(a => a.SessionId == session));
        (attendance.Status, attendance.PresentMinutes).Should().Be((AttendanceKind.Present, 90));
        withdrawn.StatusCode.Should().Be(HttpStatusCode.NoContent, await withdrawn.Content.ReadAsStringAsync());
        (await setup.App.WithDbAsync(db => db.LearnerAssessments.SingleAsync(a => a.Id == assessmentId))).Withdrawn.Should().BeTrue();
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Corrections_RunOfAnotherOrganisation_AreNotFoundAndChangeNothing(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var other = await TrainingSetup.CreateAsync(setup.App);
        var othersRun = await other.CreateRunAsync();
        var othersSession = await other.AddSessionAsync(othersRun, daysAgo: 3);

        var edit = await setup.Client.PutAsJsonAsync($"{setup.Runs}/{othersRun}", new { title = "Ugrabljeno", startsOn = Day(30) });
        var editSession = await setup.Client.PutAsJsonAsync($"{setup.Runs}/{othersRun}/sessions/{othersSession}", new { startsAt = DateTime.UtcNow.AddDays(-3), plannedMinutes = 1 });
        var deleteSession = await setup.Client.DeleteAsync($"{setup.Runs}/{othersRun}/sessions/{othersSession}");
        var delete = await setup.Client.DeleteAsync($"{setup.Runs}/{othersRun}");

        foreach (var response in new[] { edit, editSession, deleteSession, delete })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }
        var stored = await setup.App.WithDbAsync(db => db.TrainingRuns.Include(r => r.Sessions).SingleAsync(r => r.Id == othersRun));
        stored.Title.Should().NotBe("Ugrabljeno");
        stored.Sessions.Should().ContainSingle().Which.PlannedMinutes.Should().Be(120);
    }
}
