using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Schools;

/// Withdrawing decisions: an approval's recognition badge is revoked and its hours stop counting; a rejection is reopened.
public sealed class SchoolDecisionWithdrawalTests
{
    private static Task<HttpResponseMessage> WithdrawAsync(SchoolSetup setup, Guid id, string reason) =>
        setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{id}/decision/withdraw", new { reason });

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Withdraw_Approval_RevokesTheRecognitionWithTheReasonAndTheHoursNoLongerCount(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync();
        var (classId, students) = await setup.CreateClassAsync(students: 1);
        var id = (await setup.SubmitOkAsync(students[0].Account, new { awardId = await setup.AwardAsync(students[0].Account) })).GetProperty("id").GetGuid();
        var approved = await setup.DecideAsync(id, new { approve = true });
        var recognitionUrl = approved.GetProperty("recognitionUrl").GetString()!;

        var response = await WithdrawAsync(setup, id, "Dejavnost je bila že priznana pri drugem predmetu.");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var withdrawn = await response.Content.ReadFromJsonAsync<JsonElement>();
        withdrawn.GetProperty("status").GetString().Should().Be("Pending");
        withdrawn.GetProperty("creditedHours").GetDecimal().Should().Be(0);
        withdrawn.GetProperty("recognitionUrl").ValueKind.Should().Be(JsonValueKind.Null);
        withdrawn.GetProperty("proposedHours").GetDecimal().Should().Be(13.33m, "pending again, with a fresh proposal");
        withdrawn.GetProperty("comment").GetString().Should().Contain("Decision withdrawn").And.Contain("že priznana");
        var recognitionId = recognitionUrl.Split('/')[^1];
        var award = await setup.App.WithDbAsync(db => db.Awards.SingleAsync(a => a.Id == recognitionId));
        award.RevocationReason.Should().Be("Dejavnost je bila že priznana pri drugem predmetu.");
        award.RevokedByAccountId.Should().Be(setup.Coordinator.Id);
        (await setup.App.ClientFor(null).GetAsync(recognitionUrl)).StatusCode.Should().Be(HttpStatusCode.Gone, "verifiers see the recognition revoked");
        var report = await setup.Staff.GetFromJsonAsync<JsonElement>($"{setup.Api}/reports?schoolYear=2026/27&classId={classId}");
        report.GetProperty("students")[0].GetProperty("courses")[0].GetProperty("creditedHours").GetDecimal().Should().Be(0);
        report.GetProperty("students")[0].GetProperty("badges").GetArrayLength().Should().Be(0);

        var again = await setup.DecideAsync(id, new { approve = true });
        again.GetProperty("recognitionUrl").GetString().Should().NotBe(recognitionUrl, "approving again issues a new recognition");
        (await WithdrawAsync(setup, id, "  ")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Withdraw_ApprovalWhoseRecognitionWasCorrected_RevokesTheCorrectedVersionToo()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var admin = await setup.App.CreateAccountAsync(roles: (setup.School.Id, OrganisationRole.OrganisationAdmin));
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var id = (await setup.SubmitOkAsync(students[0].Account, new { awardId = await setup.AwardAsync(students[0].Account) })).GetProperty("id").GetGuid();
        var first = (await setup.DecideAsync(id, new { approve = true })).GetProperty("recognitionUrl").GetString()!.Split('/')[^1];
        var correction = await setup.App.ClientFor(admin).PostAsJsonAsync(
            $"/api/organisations/{setup.School.Id}/assertions/{first}/correct", new { recipientName = "Dijak A. Novak" });
        correction.StatusCode.Should().Be(HttpStatusCode.Created, await correction.Content.ReadAsStringAsync());
        var corrected = (await correction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        (await WithdrawAsync(setup, id, "Napačen predmet")).StatusCode.Should().Be(HttpStatusCode.OK);

        var revoked = await setup.App.WithDbAsync(db => db.Awards.SingleAsync(a => a.Id == corrected));
        revoked.RevokedAt.Should().NotBeNull("the corrected recognition replaced the first and must not stay valid");
        revoked.RevocationReason.Should().Be("Napačen predmet");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Withdraw_RejectionReopensIt_PendingAutomaticOrResubmittedOnesAre409(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 2);
        var (ana, bor) = (students[0].Account, students[1].Account);
        var anasAward = await setup.AwardAsync(ana);
        var anas = (await setup.SubmitOkAsync(ana, new { awardId = anasAward })).GetProperty("id").GetGuid();
        var bors = (await setup.SubmitOkAsync(bor, new { awardId = await setup.AwardAsync(bor) })).GetProperty("id").GetGuid();
        var revoked = await setup.AwardAsync(bor);
        (await setup.App.ClientFor(setup.Ngo.Trainer).PostAsJsonAsync(
            $"/api/organisations/{setup.Ngo.Organisation.Id}/assertions/{revoked}/revoke", new { reason = "Napaka" })).EnsureSuccessStatusCode();
        var automatic = (await setup.SubmitOkAsync(bor, new { awardId = revoked })).GetProperty("id").GetGuid();
        await setup.DecideAsync(anas, new { approve = false, comment = "Ni dokazila." });
        await setup.DecideAsync(bors, new { approve = false, comment = "Ni dokazila." });
        // Bor submits the same badge again after the rejection: the new submission counts it now.
        var borsAgain = await setup.App.WithDbAsync(db => db.SchoolSubmissions.Where(s => s.Id == bors).Select(s => s.BadgeKey).SingleAsync());
        (await setup.SubmitAsync(bor, new { awardId = borsAgain["award:".Length..] })).StatusCode.Should().Be(HttpStatusCode.Created);

        var reopened = await WithdrawAsync(setup, anas, "Dokazilo je prispelo.");
        var pending = await WithdrawAsync(setup, anas, "Še enkrat");
        var auto = await WithdrawAsync(setup, automatic, "Poskusimo");
        var duplicate = await WithdrawAsync(setup, bors, "Poskusimo");
        var unknown = await WithdrawAsync(setup, Guid.NewGuid(), "Poskusimo");

        reopened.StatusCode.Should().Be(HttpStatusCode.OK, await reopened.Content.ReadAsStringAsync());
        (await reopened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Pending");
        (await setup.SubmitAsync(ana, new { awardId = anasAward })).StatusCode.Should().Be(HttpStatusCode.Conflict, "the reopened submission counts the badge again");
        (await pending.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("not decided yet");
        (await auto.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("rejected automatically");
        (await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("submitted again");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await setup.DecideAsync(anas, new { approve = true });
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Approve_TwoSubmissionsOfOneStudentAtOnce_NeverExceedTheCap(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        // 30 school hours, at most 50 % (15 h) from outside; each badge gives 10.
        await setup.CreateCourseAsync(new
        {
            schoolYear = SchoolSetup.Year,
            title = new { sl = "Prosta izbira", en = "Free choice" },
            category = "ProstaIzbira",
            requiredHours = 30,
            hourMinutes = 45,
            maxOutsidePercent = 50,
            rules = new object[]
            {
                new { badge = "initiative-leader@1.0.0/vdp.b.mladi-pobudnik", hours = 10, hourMinutes = 45 },
                new { badge = "initiative-leader@1.0.0/vdp.b.vodja", hours = 10, hourMinutes = 45 },
            },
        });
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var student = students[0].Account;
        var first = (await setup.SubmitOkAsync(student, new { awardId = await setup.AwardAsync(student) })).GetProperty("id").GetGuid();
        var second = (await setup.SubmitOkAsync(student, new { awardId = await setup.AwardAsync(student, Issuing.LeaderBadge) })).GetProperty("id").GetGuid();

        var answers = await Task.WhenAll(
            setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{first}/decision", new { approve = true }),
            setup.App.ClientFor(setup.Coordinator).PostAsJsonAsync($"{setup.Api}/submissions/{second}/decision", new { approve = true }));

        answers.Select(a => a.StatusCode).Should().OnlyContain(c => c == HttpStatusCode.OK);
        var credited = await setup.App.WithDbAsync(db => db.SchoolSubmissions.Where(s => s.StudentId == students[0].StudentId)
            .Select(s => s.CreditedMinutes).ToListAsync());
        credited.Sum().Should().Be(15 * 45, "the second approval waits for the first and sees the cap nearly used up");
        credited.Should().BeEquivalentTo(new[] { 450, 225 });
    }
}

/// Courses, their rules and classes are edited and deleted; nothing that approved recognitions rest on is orphaned.
public sealed class SchoolCatalogueEditTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task UpdateAndDeleteCourse_ReplacesRules_AndRefusesToOrphanApprovedRecognitions(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        var other = await SchoolSetup.CreateAsync(setup.App);
        var course = await setup.CreateCourseAsync();
        var courseId = course.GetProperty("id").GetGuid();
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var id = (await setup.SubmitOkAsync(students[0].Account, new { awardId = await setup.AwardAsync(students[0].Account) })).GetProperty("id").GetGuid();
        await setup.DecideAsync(id, new { approve = true });
        object Body(string year, int hours) => new
        {
            schoolYear = year,
            title = new { sl = "Prostovoljno delo", en = "Volunteering" },
            category = "ProstovoljnoSocialnoDelo",
            requiredHours = 40,
            hourMinutes = 60,
            rules = new object[]
            {
                new { badge = "initiative-leader/vdp.b.mladi-pobudnik", hours, hourMinutes = 60 },
                new { badgeClassUrl = "https://other.example/badges/first-aid", hours = 2, hourMinutes = 60 },
            },
        };

        var updated = await setup.Staff.PutAsJsonAsync($"{setup.Api}/courses/{courseId}", Body(SchoolSetup.Year, 4));
        var badRule = await setup.Staff.PutAsJsonAsync($"{setup.Api}/courses/{courseId}", new
        {
            schoolYear = SchoolSetup.Year, title = new { sl = "A", en = "A" }, category = "ProstaIzbira", requiredHours = 10, hourMinutes = 45,
            rules = new[] { new { badge = "no-such/badge", hours = 1, hourMinutes = 45 } },
        });
        var moveYear = await setup.Staff.PutAsJsonAsync($"{setup.Api}/courses/{courseId}", Body("2027/28", 4));
        var deleteWhileApproved = await setup.Staff.DeleteAsync($"{setup.Api}/courses/{courseId}");
        var byOtherSchool = await other.Staff.DeleteAsync($"{other.Api}/courses/{courseId}");

        updated.StatusCode.Should().Be(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        var saved = await updated.Content.ReadFromJsonAsync<JsonElement>();
        saved.GetProperty("title").GetProperty("en").GetString().Should().Be("Volunteering");
        saved.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("badge").GetString() ?? r.GetProperty("badgeClassUrl").GetString())
            .Should().Equal("initiative-leader/vdp.b.mladi-pobudnik", "https://other.example/badges/first-aid");
        (await setup.App.WithDbAsync(db => db.SchoolRecognitionRules.CountAsync(r => r.CourseId == courseId))).Should().Be(2, "the old rule is gone");
        (await badRule.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("rules[0].badge").Should().ContainSingle();
        (await moveYear.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("approved recognitions");
        (await deleteWhileApproved.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("withdraw those decisions first");
        byOtherSchool.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var report = await setup.Staff.GetFromJsonAsync<JsonElement>($"{setup.Api}/reports?schoolYear=2026/27");
        report.GetProperty("students")[0].GetProperty("courses")[0].GetProperty("creditedHours").GetDecimal()
            .Should().Be(10, "the 600 credited minutes stay and now show in 60-minute hours");

        var withdrawn = await setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{id}/decision/withdraw", new { reason = "Predmet ukinjen" });
        (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposedHours").GetDecimal().Should().Be(4, "matched by the new rule");
        (await setup.Staff.DeleteAsync($"{setup.Api}/courses/{courseId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var submission = await setup.App.WithDbAsync(db => db.SchoolSubmissions.SingleAsync(s => s.Id == id));
        submission.ProposedCourseId.Should().BeNull("a pending submission loses the proposal for a deleted course");
        (await setup.Staff.DeleteAsync($"{setup.Api}/courses/{courseId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DeleteCourse_WhileItsSubmissionIsApproved_EitherRefusesOrTheApprovalFindsItGone(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        var courseId = (await setup.CreateCourseAsync()).GetProperty("id").GetGuid();
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var id = (await setup.SubmitOkAsync(students[0].Account, new { awardId = await setup.AwardAsync(students[0].Account) })).GetProperty("id").GetGuid();

        var approve = setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{id}/decision", new { approve = true });
        var delete = setup.App.ClientFor(setup.Coordinator).DeleteAsync($"{setup.Api}/courses/{courseId}");
        var (approved, deleted) = ((await approve).StatusCode, (await delete).StatusCode);

        (approved, deleted).Should().BeOneOf((HttpStatusCode.OK, HttpStatusCode.Conflict), (HttpStatusCode.Conflict, HttpStatusCode.NoContent));
        var orphans = await setup.App.WithDbAsync(db => db.SchoolSubmissions.CountAsync(s =>
            s.Status == SchoolSubmissionStatus.Approved && !db.SchoolCourses.Any(c => c.Id == s.CreditedCourseId)));
        orphans.Should().Be(0, "no approved recognition is left without its course");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task UpdateAndDeleteClass_MatchStudentsByEmail_AndRefuseToDropStudentsWithCountedSubmissions(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync();
        var (classId, students) = await setup.CreateClassAsync(students: 3);
        var (ana, bor, cene) = (students[0], students[1], students[2]);
        var anas = (await setup.SubmitOkAsync(ana.Account, new { awardId = await setup.AwardAsync(ana.Account) })).GetProperty("id").GetGuid();
        await setup.DecideAsync(anas, new { approve = true });
        var bors = (await setup.SubmitOkAsync(bor.Account, new { awardId = await setup.AwardAsync(bor.Account) })).GetProperty("id").GetGuid();
        await setup.DecideAsync(bors, new { approve = false, comment = "Ne" });
        object Body(string name, params (string Email, string Name)[] list) => new
        {
            schoolYear = SchoolSetup.Year, name, classTeacherId = setup.Coordinator.Id,
            students = list.Select(s => new { email = s.Email, name = s.Name }).ToArray(),
        };

        var dropAna = await setup.Staff.PutAsJsonAsync($"{setup.Api}/classes/{classId}", Body("3.c", (bor.Account.Email, "Bor"), (cene.Account.Email, "Cene")));
        var updated = await setup.Staff.PutAsJsonAsync($"{setup.Api}/classes/{classId}",
            Body("3.c", (ana.Account.Email.ToUpperInvariant(), "Ana Novak-Kos"), (cene.Account.Email, "Cene"), ("nova@example.org", "Nova")));
        var deleteWhileApproved = await setup.Staff.DeleteAsync($"{setup.Api}/classes/{classId}");

        (await dropAna.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain(ana.Account.Email).And.Contain("1 approved");
        updated.StatusCode.Should().Be(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        var saved = await updated.Content.ReadFromJsonAsync<JsonElement>();
        saved.GetProperty("name").GetString().Should().Be("3.c");
        saved.GetProperty("classTeacherId").GetGuid().Should().Be(setup.Coordinator.Id);
        var listed = saved.GetProperty("students").EnumerateArray().ToDictionary(s => s.GetProperty("email").GetString()!, s => s.GetProperty("id").GetGuid());
        listed.Keys.Should().BeEquivalentTo([ana.Account.Email, cene.Account.Email, "nova@example.org"]);
        listed[ana.Account.Email].Should().Be(ana.StudentId, "a student still listed keeps their id, submissions and hours");
        (await setup.App.WithDbAsync(db => db.SchoolSubmissions.AnyAsync(s => s.Id == bors))).Should().BeFalse("Bor left with his rejected submission");
        (await deleteWhileApproved.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("approved");

        (await setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{anas}/decision/withdraw", new { reason = "Izpis" })).EnsureSuccessStatusCode();
        await setup.DecideAsync(anas, new { approve = false, comment = "Izpisana" });
        (await setup.Staff.DeleteAsync($"{setup.Api}/classes/{classId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await setup.App.WithDbAsync(db => db.SchoolStudents.AnyAsync(s => s.ClassId == classId))).Should().BeFalse();
        (await setup.Staff.PutAsJsonAsync($"{setup.Api}/classes/{classId}", Body("3.c"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
