using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Schools;

/// Issue 8: a school set up with a catalogue and a class; students submit NGO badges; staff approve in bulk; reports.
public sealed class SchoolsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ClassSubmitsNgoBadges_StaffApproveInBulk_ReportsAndPotrdiloShowTheHours(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        var course = await setup.CreateCourseAsync();
        var courseId = course.GetProperty("id").GetGuid();
        var (classId, students) = await setup.CreateClassAsync(students: 3);
        var submissions = new List<Guid>();
        foreach (var (account, _, _) in students.Take(2))
        {
            var awardId = await setup.AwardAsync(account);
            var submitted = await setup.SubmitOkAsync(account, new { awardId });
            submitted.GetProperty("status").GetString().Should().Be("Pending");
            submitted.GetProperty("verification").GetString().Should().Be("valid");
            submitted.GetProperty("proposedCourseId").GetGuid().Should().Be(courseId);
            submitted.GetProperty("proposedHours").GetDecimal().Should().Be(13.33m, "10 clock hours are 13.33 school hours of 45 minutes");
            submissions.Add(submitted.GetProperty("id").GetGuid());
        }

        var pending = await setup.Staff.GetFromJsonAsync<JsonElement>($"{setup.Api}/submissions?status=Pending&classId={classId}");
        pending.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).Should().BeEquivalentTo(submissions);
        var bulk = await setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/decisions", new { submissionIds = submissions, approve = true, comment = "Potrdilo društva" });
        bulk.StatusCode.Should().Be(HttpStatusCode.OK, await bulk.Content.ReadAsStringAsync());
        var decided = await bulk.Content.ReadFromJsonAsync<JsonElement>();

        decided.GetProperty("failed").GetArrayLength().Should().Be(0);
        decided.GetProperty("decided").EnumerateArray().Should().HaveCount(2).And.OnlyContain(s =>
            s.GetProperty("status").GetString() == "Approved" && s.GetProperty("creditedHours").GetDecimal() == 13.33m
            && s.GetProperty("recognitionUrl").GetString()!.StartsWith(TestApp.PublicBaseUrl + "/assertions/"));
        // The recognition is the school's own signed badge, with the NGO badge as evidence.
        var recognitionId = decided.GetProperty("decided")[0].GetProperty("recognitionUrl").GetString()!.Split('/')[^1];
        var recognition = await setup.App.WithDbAsync(db => db.Awards.SingleAsync(a => a.Id == recognitionId));
        recognition.OrganisationId.Should().Be(setup.School.Id);
        recognition.ModelId.Should().Be("oiv-recognition");
        recognition.Narrative.Should().StartWith("Priznano: 13,33 ure OIV – prostovoljno socialno delo (2026/27, šolske ure po 45 minut)");
        recognition.HostedJson.Should().Contain("/assertions/").And.Contain("Priznana značka / Recognised badge");
        var hosted = JsonDocument.Parse(recognition.HostedJson).RootElement;
        hosted.GetProperty("evidence")[0].GetProperty("id").GetString().Should().StartWith(TestApp.PublicBaseUrl + "/assertions/");
        recognition.Jws.Split('.').Should().HaveCount(3);

        var report = await setup.Staff.GetFromJsonAsync<JsonElement>($"{setup.Api}/reports?schoolYear=2026/27&classId={classId}");
        var rows = report.GetProperty("students").EnumerateArray().ToList();
        rows.Should().HaveCount(3);
        var credited = rows.Select(r => r.GetProperty("courses")[0]).Select(c => (c.GetProperty("creditedHours").GetDecimal(), c.GetProperty("missingHours").GetDecimal())).ToList();
        credited.Should().BeEquivalentTo(new[] { (13.33m, 46.67m), (13.33m, 46.67m), (0m, 60m) });
        var category = rows[0].GetProperty("categories").EnumerateArray().Should().ContainSingle().Subject;
        category.GetProperty("category").GetString().Should().Be("ProstovoljnoSocialnoDelo");
        category.GetProperty("hourMinutes").GetInt32().Should().Be(45);
        category.GetProperty("missingHours").GetDecimal().Should().Be(46.67m);

        var csv = await setup.Staff.GetAsync($"{setup.Api}/reports.csv?schoolYear=2026/27&classId={classId}");
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        text.Should().Contain("Prostovoljno socialno delo – priznano / credited (45 min)").And.Contain($",{students[0].Account.Email},13.33,46.67\r\n");

        var page = setup.Staff;
        var potrdilo = await page.GetAsync($"/schools/{setup.School.Id}/students/{students[0].StudentId}/potrdilo?schoolYear=2026/27&lang=sl");
        potrdilo.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await potrdilo.Content.ReadAsStringAsync();
        html.Should().Contain(students[0].Name).And.Contain("13,33").And.Contain("46,67").And.Contain("<svg").And.Contain("@media print");
        var staffPage = await (await page.GetAsync($"/schools/{setup.School.Id}/staff?schoolYear=2026/27&lang=en")).Content.ReadAsStringAsync();
        staffPage.Should().Contain("No submitted badges are waiting for a decision.").And.Contain(students[2].Name).And.Contain("missing 60");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Submit_SameBadgeTwice_IsRefusedPointingToTheFirstAndCountedOnce(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var student = students[0].Account;
        var awardId = await setup.AwardAsync(student);
        var first = await setup.SubmitOkAsync(student, new { awardId });
        var firstId = first.GetProperty("id").GetGuid();

        var again = await setup.SubmitAsync(student, new { awardId });

        var problem = await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Detail().Should().Contain(firstId.ToString()).And.Contain("counts only once");
        problem.GetProperty("firstSubmissionId").GetGuid().Should().Be(firstId);
        await setup.DecideAsync(firstId, new { approve = true });
        (await setup.SubmitAsync(student, new { awardId })).StatusCode.Should().Be(HttpStatusCode.Conflict, "an approved badge is never counted twice");
        (await setup.App.WithDbAsync(db => db.SchoolSubmissions.CountAsync(s => s.OrganisationId == setup.School.Id))).Should().Be(1);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Submit_RevokedOrExpiredBadge_IsRejectedWithTheReasonAndMayBeResubmittedLater(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var student = students[0].Account;
        var revoked = await setup.AwardAsync(student);
        (await setup.App.ClientFor(setup.Ngo.Trainer).PostAsJsonAsync(
            $"/api/organisations/{setup.Ngo.Organisation.Id}/assertions/{revoked}/revoke", new { reason = "Napaka pri vnosu" })).EnsureSuccessStatusCode();
        var expired = await setup.AwardAsync(student, Issuing.LeaderBadge);
        await setup.App.WithDbAsync(db => db.Awards.Where(a => a.Id == expired).ExecuteUpdateAsync(u => u.SetProperty(a => a.ExpiresAt, DateTime.UtcNow.AddDays(-1))));

        var byRevoked = await setup.SubmitOkAsync(student, new { awardId = revoked });
        var byExpired = await setup.SubmitOkAsync(student, new { awardId = expired });

        byRevoked.GetProperty("status").GetString().Should().Be("Rejected");
        byRevoked.GetProperty("verification").GetString().Should().Be("revoked");
        byRevoked.GetProperty("comment").GetString().Should().Contain("revoked").And.Contain("Napaka pri vnosu");
        byExpired.GetProperty("status").GetString().Should().Be("Rejected");
        byExpired.GetProperty("comment").GetString().Should().Contain("expired");
        // A rejection does not count the badge: submitting it again is a new submission, not a duplicate.
        (await setup.SubmitAsync(student, new { awardId = revoked })).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Approve_CapOfOutsideHours_CreditsOnlyUpToTheCapAndExplains(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        // 30 school hours, at most 50 % (15 h) from outside; each badge gives 10 school hours.
        var course = await setup.CreateCourseAsync(new
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
        var first = await setup.SubmitOkAsync(student, new { awardId = await setup.AwardAsync(student) });
        var second = await setup.SubmitOkAsync(student, new { awardId = await setup.AwardAsync(student, Issuing.LeaderBadge) });

        var approvedFirst = await setup.DecideAsync(first.GetProperty("id").GetGuid(), new { approve = true });
        var approvedSecond = await setup.DecideAsync(second.GetProperty("id").GetGuid(), new { approve = true, comment = "OK" });

        approvedFirst.GetProperty("creditedHours").GetDecimal().Should().Be(10);
        approvedSecond.GetProperty("creditedHours").GetDecimal().Should().Be(5);
        approvedSecond.GetProperty("comment").GetString().Should().Contain("OK").And.Contain("at most 15 hours (50 %)");
        approvedSecond.GetProperty("explanations")[0].GetProperty("sl").GetString().Should().Contain("največ 15 ur");
        var third = await setup.SubmitOkAsync(student, new { awardId = await setup.AwardAsync(student) });
        third.GetProperty("proposedHours").GetDecimal().Should().Be(0);
        var refused = await setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{third.GetProperty("id").GetGuid()}/decision", new { approve = true });
        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("Nothing can be credited");
        course.GetProperty("maxOutsidePercent").GetInt32().Should().Be(50);
    }

    /// A school with a course and one student, Ana, who has submitted one badge.
    private static async Task<(SchoolSetup Setup, TestAccount Ana, Guid SubmissionId)> OneSubmissionAsync(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var ana = students[0].Account;
        var id = (await setup.SubmitOkAsync(ana, new { awardId = await setup.AwardAsync(ana) })).GetProperty("id").GetGuid();
        return (setup, ana, id);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Approve_ConcurrentDecisions_IssueOneRecognitionBadge(DatabaseProvider provider)
    {
        var (setup, ana, id) = await OneSubmissionAsync(provider);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{id}/decision", new { approve = true })
            : setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{id}/decision", new { approve = false, comment = "Ne" })));

        answers.Select(a => a.StatusCode).Should().ContainSingle(c => c == HttpStatusCode.OK)
            .And.OnlyContain(c => c == HttpStatusCode.OK || c == HttpStatusCode.Conflict);
        var recognitions = await setup.App.WithDbAsync(db => db.Awards.CountAsync(a => a.RecipientEmail == ana.Email && a.ModelId == "oiv-recognition"));
        var submission = await setup.App.WithDbAsync(db => db.SchoolSubmissions.SingleAsync(x => x.Id == id));
        recognitions.Should().Be(submission.Status == SchoolSubmissionStatus.Approved ? 1 : 0,
            "only the decision that won may issue a recognition badge");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Approve_SixConcurrentApprovals_IssueExactlyOneRecognitionBadge(DatabaseProvider provider)
    {
        // Only approvals, so the double-issue race (two approvals both signing a badge) is exercised on every run; the
        // mixed test above may let a rejection win first.
        var (setup, ana, id) = await OneSubmissionAsync(provider);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{id}/decision", new { approve = true })));

        answers.Select(a => a.StatusCode).Should().ContainSingle(c => c == HttpStatusCode.OK)
            .And.OnlyContain(c => c == HttpStatusCode.OK || c == HttpStatusCode.Conflict);
        (await setup.App.WithDbAsync(db => db.Awards.CountAsync(a => a.RecipientEmail == ana.Email && a.ModelId == "oiv-recognition")))
            .Should().Be(1);
        (await setup.App.WithDbAsync(db => db.SchoolSubmissions.SingleAsync(x => x.Id == id))).Status.Should().Be(SchoolSubmissionStatus.Approved);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reject_WithComment_StudentSeesItAndOnlyTheirOwn(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 2);
        var (ana, bor) = (students[0].Account, students[1].Account);
        var anas = await setup.SubmitOkAsync(ana, new { awardId = await setup.AwardAsync(ana) });
        await setup.SubmitOkAsync(bor, new { awardId = await setup.AwardAsync(bor) });

        var noComment = await setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{anas.GetProperty("id").GetGuid()}/decision", new { approve = false });
        (await noComment.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("comment").Should().ContainSingle();
        await setup.DecideAsync(anas.GetProperty("id").GetGuid(), new { approve = false, comment = "Dejavnost ni bila v tem šolskem letu." });
        var again = await setup.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{anas.GetProperty("id").GetGuid()}/decision", new { approve = true });
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail().Should().Contain("already rejected");

        var own = await setup.App.ClientFor(ana).GetFromJsonAsync<JsonElement>(setup.StudentApi);
        own.EnumerateArray().Should().ContainSingle().Which.GetProperty("comment").GetString().Should().Be("Dejavnost ni bila v tem šolskem letu.");
        var outsider = await setup.App.CreateAccountAsync();
        (await setup.App.ClientFor(outsider).GetAsync(setup.StudentApi)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await setup.SubmitAsync(outsider, new { awardId = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        // Another student's badge cannot be picked from one's own backpack.
        var borsAward = await setup.AwardAsync(bor);
        (await setup.SubmitAsync(ana, new { awardId = borsAward })).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task StaffOfAnotherSchool_CannotSeeOrDecideThisSchoolsSubmissions(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        var other = await SchoolSetup.CreateAsync(setup.App);
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var submitted = await setup.SubmitOkAsync(students[0].Account, new { awardId = await setup.AwardAsync(students[0].Account) });
        var id = submitted.GetProperty("id").GetGuid();

        var crossRoute = await other.Staff.PostAsJsonAsync($"{setup.Api}/submissions/{id}/decision", new { approve = true });
        var ownRoute = await other.Staff.PostAsJsonAsync($"{other.Api}/submissions/{id}/decision", new { approve = true });
        var list = await other.Staff.GetFromJsonAsync<JsonElement>($"{other.Api}/submissions");

        crossRoute.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ownRoute.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.GetArrayLength().Should().Be(0);
        (await setup.App.WithDbAsync(db => db.SchoolSubmissions.SingleAsync(s => s.Id == id))).Status.Should().Be(SchoolSubmissionStatus.Pending);
    }

    [Theory]
    [InlineData("hourMinutes", 50, "initiative-leader/vdp.b.mladi-pobudnik", 60)]
    [InlineData("rules[0].hourMinutes", 45, "initiative-leader/vdp.b.mladi-pobudnik", 30)]
    [InlineData("rules[0].badge", 45, "initiative-leader@9.0.0/vdp.b.mladi-pobudnik", 60)]
    [InlineData("rules[0].badge", 45, "no-such-model/x", 60)]
    public async Task CreateCourse_BadHourLengthOrBadge_Is400NamingTheFieldAndStoresNothing(string field, int hourMinutes, string badge, int ruleHourMinutes)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        var response = await setup.Staff.PostAsJsonAsync($"{setup.Api}/courses", new
        {
            schoolYear = SchoolSetup.Year,
            title = new { sl = "A", en = "A" },
            category = "ProstaIzbira",
            requiredHours = 30,
            hourMinutes,
            rules = new[] { new { badge, hours = 5, hourMinutes = ruleHourMinutes } },
        });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors(field).Should().ContainSingle();
        (await setup.App.WithDbAsync(db => db.SchoolCourses.CountAsync(c => c.OrganisationId == setup.School.Id))).Should().Be(0);
    }

    [Fact]
    public async Task CreateCourse_CompetenceRuleAndBadgeClassUrl_AreStoredAndListed()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        await setup.CreateCourseAsync(new
        {
            schoolYear = SchoolSetup.Year,
            title = new { sl = "Prosta izbira", en = "Free choice" },
            category = "ProstaIzbira",
            requiredHours = 60,
            hourMinutes = 45,
            rules = new object[]
            {
                new { competences = new[] { new { modelId = "initiative-leader", competenceId = "vdp.ip.potrebe", minLevel = 1 } }, hours = 4, hourMinutes = 60 },
                new { badgeClassUrl = "https://other.example/badges/first-aid", hours = 8, hourMinutes = 45 },
            },
        });
        var bad = await setup.Staff.PostAsJsonAsync($"{setup.Api}/courses", new
        {
            schoolYear = SchoolSetup.Year, title = new { sl = "B", en = "B" }, category = "ProstaIzbira", requiredHours = 10, hourMinutes = 45,
            rules = new[] { new { competences = new[] { new { modelId = "initiative-leader", competenceId = "nope", minLevel = 1 } }, hours = 4, hourMinutes = 60 } },
        });

        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("rules[0].competences[0].competenceId").Should().ContainSingle();
        var list = await setup.Staff.GetFromJsonAsync<JsonElement>($"{setup.Api}/courses?schoolYear=2026/27");
        var rules = list.EnumerateArray().Single().GetProperty("rules");
        rules[0].GetProperty("kind").GetString().Should().Be("Competences");
        rules[0].GetProperty("competences")[0].GetProperty("competenceId").GetString().Should().Be("vdp.ip.potrebe");
        rules[1].GetProperty("badgeClassUrl").GetString().Should().Be("https://other.example/badges/first-aid");
        rules[1].GetProperty("hours").GetDecimal().Should().Be(8);
    }

    [Fact]
    public async Task CreateClass_TeacherNotStaffOrDuplicateStudent_Is400AndDuplicateClassIs409()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var stranger = await setup.App.CreateAccountAsync();

        var badTeacher = await setup.Staff.PostAsJsonAsync($"{setup.Api}/classes", new
        {
            schoolYear = SchoolSetup.Year, name = "1.a", classTeacherId = stranger.Id, students = new[] { new { email = "a@example.org", name = "A" } },
        });
        var twice = await setup.Staff.PostAsJsonAsync($"{setup.Api}/classes", new
        {
            schoolYear = SchoolSetup.Year, name = "1.a", students = new[] { new { email = "a@example.org", name = "A" }, new { email = "A@example.org ", name = "A" } },
        });
        await setup.CreateClassAsync("1.a", 1, setup.Coordinator.Id);
        var duplicateClass = await setup.Staff.PostAsJsonAsync($"{setup.Api}/classes", new
        {
            schoolYear = SchoolSetup.Year, name = "1.a", students = new[] { new { email = "b@example.org", name = "B" } },
        });

        (await badTeacher.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("classTeacherId").Should().ContainSingle();
        (await twice.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("students[1].email").Should().ContainSingle();
        await duplicateClass.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Submit_NoneOrTwoForms_Is400()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var (_, students) = await setup.CreateClassAsync(students: 1);

        var none = await setup.SubmitAsync(students[0].Account, new { });
        var two = await setup.SubmitAsync(students[0].Account, new { awardId = "a", jws = "a.b.c" });

        (await none.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("awardId").Should().ContainSingle();
        (await two.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("awardId").Should().ContainSingle();
    }

    [Fact]
    public async Task Report_WithoutSchoolYear_Is400()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        (await (await setup.Staff.GetAsync($"{setup.Api}/reports")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("schoolYear").Should().ContainSingle();
        (await (await setup.Staff.GetAsync($"{setup.Api}/reports.csv?schoolYear=2026")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("schoolYear").Should().ContainSingle();
    }

    [Fact]
    public async Task ReportCsv_StudentNameStartingWithEquals_IsNeutralised()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        await setup.CreateCourseAsync();
        var response = await setup.Staff.PostAsJsonAsync($"{setup.Api}/classes", new
        {
            schoolYear = SchoolSetup.Year, name = "=cmd|' /C calc'!A0", students = new[] { new { email = "x@example.org", name = "@SUM(1+1)" } },
        });
        response.EnsureSuccessStatusCode();

        var text = Encoding.UTF8.GetString(await setup.Staff.GetByteArrayAsync($"{setup.Api}/reports.csv?schoolYear=2026/27"));

        text.Split("\r\n")[1].Should().StartWith("'=cmd|' /C calc'!A0,'@SUM(1+1),x@example.org,");
    }
}

/// The HTML pages are not under /api, so the authorization matrix does not reach them: their access is tested here.
public sealed class SchoolPagesAccessTests
{
    [Theory]
    [InlineData("staff?schoolYear=2026/27")]
    [InlineData("students/00000000-0000-4000-8000-00000000d00d/potrdilo?schoolYear=2026/27")]
    public async Task Pages_WrongRoleOrOtherSchoolOrAnonymous_AreRefused(string path)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var other = await SchoolSetup.CreateAsync(setup.App);
        var trainer = await setup.App.CreateAccountAsync(roles: (setup.School.Id, OrganisationRole.Trainer));
        var earner = await setup.App.CreateAccountAsync(roles: (setup.School.Id, OrganisationRole.Earner));
        var url = $"/schools/{setup.School.Id}/{path}";

        var anonymous = await setup.App.ClientWithToken(null).GetAsync(url);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect, "a browser without a session is led to the sign-in page");
        anonymous.Headers.Location!.AbsolutePath.Should().Be($"/schools/{setup.School.Id}/login");
        (await setup.App.ClientWithToken("not-a-token").GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await setup.App.ClientFor(trainer).GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await setup.App.ClientFor(earner).GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.Staff.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await setup.Staff.GetAsync(url)).StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Potrdilo_StudentOfAnotherSchool_Is404()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var other = await SchoolSetup.CreateAsync(setup.App);
        var (_, students) = await other.CreateClassAsync(students: 1);

        var response = await setup.Staff.GetAsync($"/schools/{setup.School.Id}/students/{students[0].StudentId}/potrdilo?schoolYear=2026/27");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await other.Staff.GetAsync($"/schools/{other.School.Id}/students/{students[0].StudentId}/potrdilo?schoolYear=2026/27"))
            .Content.ReadAsStringAsync()).Should().Contain(students[0].Name);
    }
}

/// Rules that credit the hours actually attended, read from the NGO's attendance records behind the badge.
public sealed class AttendedHoursRuleTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Submit_AttendanceBadge_ProposesTheAttendedHoursUpToTheRulesMaximum(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var setup = await SchoolSetup.CreateAsync(app);
        var ngo = await BadgeForge.Api.Tests.Trainings.TrainingSetup.CreateAsync(app);
        await setup.CreateCourseAsync(new
        {
            schoolYear = SchoolSetup.Year,
            title = new { sl = "Prosta izbira", en = "Free choice" },
            category = "ProstaIzbira",
            requiredHours = 60,
            hourMinutes = 45,
            rules = new[] { new { attendedHoursOf = "initiative-leader/vdp.b.mladi-pobudnik", hours = 20, hourMinutes = 45 } },
        });
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var student = students[0].Account;
        var runId = await ngo.CreateRunAsync();
        var first = await ngo.AddSessionAsync(runId, daysAgo: 10, minutes: 240);
        var second = await ngo.AddSessionAsync(runId, daysAgo: 9, minutes: 240);
        await ngo.EnrolAsync(runId, student.Email);
        await ngo.RecordAsync(runId,
            new { sessionId = first, email = student.Email, status = "Present" },
            new { sessionId = second, email = student.Email, status = "Present", minutes = 120 });
        var award = await ngo.Client.PostAsJsonAsync($"/api/organisations/{ngo.Organisation.Id}/assertions",
            new { badge = Issuing.YouthBadge, recipientEmail = student.Email });
        award.StatusCode.Should().Be(HttpStatusCode.Created, await award.Content.ReadAsStringAsync());
        var awardId = (await award.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var submitted = await setup.SubmitOkAsync(student, new { awardId });
        var approved = await setup.DecideAsync(submitted.GetProperty("id").GetGuid(), new { approve = true });

        submitted.GetProperty("proposedHours").GetDecimal().Should().Be(8, "360 attended minutes are 8 school hours of 45 minutes");
        approved.GetProperty("creditedHours").GetDecimal().Should().Be(8);
    }

    [Fact]
    public async Task CreateCourse_AttendedHoursOfABadgeWithoutAttendance_Is400()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        var response = await setup.Staff.PostAsJsonAsync($"{setup.Api}/courses", new
        {
            schoolYear = SchoolSetup.Year, title = new { sl = "A", en = "A" }, category = "ProstaIzbira", requiredHours = 30, hourMinutes = 45,
            rules = new[] { new { attendedHoursOf = "initiative-leader@1.0.0/vdp.b.vodja", hours = 5, hourMinutes = 60 } },
        });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("rules[0].attendedHoursOf").Should().ContainSingle()
            .Which.Should().Contain("not an attendance badge");
    }
}
