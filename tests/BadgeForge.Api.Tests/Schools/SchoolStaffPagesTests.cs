using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Schools;

/// School staff in a browser: password sign-in to a cookie session, decision and withdrawal forms (post/redirect/get).
public sealed class SchoolStaffPagesTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SignIn_StaffPassword_StartsAHardenedCookieSessionForThePages(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        var browser = new StaffBrowser(setup.App, setup.School.Id);

        var signIn = await browser.SignInAsync(setup.Coordinator.Email.ToUpperInvariant(), setup.Coordinator.Password);

        signIn.StatusCode.Should().Be(HttpStatusCode.SeeOther, await signIn.Content.ReadAsStringAsync());
        signIn.Headers.Location!.ToString().Should().StartWith($"{TestApp.PublicBaseUrl}/schools/{setup.School.Id}/staff?schoolYear=");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith("badgeforge-school-staff=")).Subject.ToLowerInvariant();
        cookie.Should().Contain("httponly").And.Contain("samesite=lax").And.Contain("secure", "PublicBaseUrl is https").And.Contain("path=/schools");
        var page = await browser.PageAsync(signIn.Headers.Location!.ToString());
        page.Should().Contain("Sign out").And.Contain(setup.Coordinator.Email);
        (await browser.GetAsync($"/api/organisations/{setup.School.Id}/school/courses")).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "the cookie is sent to the pages only and never authorises the API");
    }

    [Fact]
    public async Task Pages_WithoutSession_LeadToSignInAndBackToThePage()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var browser = new StaffBrowser(setup.App, setup.School.Id);
        var wanted = $"/schools/{setup.School.Id}/staff?schoolYear=2026/27&lang=en";

        var anonymous = await browser.GetAsync(wanted);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var login = anonymous.Headers.Location!.ToString();
        login.Should().StartWith($"{TestApp.PublicBaseUrl}/schools/{setup.School.Id}/login?lang=en&returnUrl=");
        (await browser.PageAsync(login)).Should().Contain("School staff sign-in").And.Contain("name=\"returnUrl\"");
        var back = await browser.SignInAsync(setup.Coordinator.Email, setup.Coordinator.Password, wanted);
        back.Headers.Location!.ToString().Should().Be(TestApp.PublicBaseUrl + wanted);
        var elsewhere = await new StaffBrowser(setup.App, setup.School.Id).SignInAsync(setup.Coordinator.Email, setup.Coordinator.Password, "//evil.example/x");
        elsewhere.Headers.Location!.ToString().Should().StartWith($"{TestApp.PublicBaseUrl}/schools/{setup.School.Id}/staff", "never an open redirect");
        (await browser.GetAsync($"/schools/{Guid.NewGuid()}/login")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await browser.PageAsync($"/schools/{setup.School.Id}/staff?lang=en")).Should().Contain($"OIV – overview of school year {BadgeForge.Core.Schools.SchoolYears.Current(DateTime.UtcNow)}", "without ?schoolYear= the current one");
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrNotStaffOfThisSchool_IsRefusedAndSharesTheApisLockOut()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var other = await SchoolSetup.CreateAsync(setup.App);
        var trainer = await setup.App.CreateAccountAsync(roles: (setup.School.Id, OrganisationRole.Trainer));
        var generated = await setup.App.CreateAccountAsync(mustChangePassword: true, roles: (setup.School.Id, OrganisationRole.SchoolStaff));
        var browser = new StaffBrowser(setup.App, setup.School.Id);

        var wrong = await browser.SignInAsync(setup.Coordinator.Email, "not the password at all");
        var notStaff = await browser.SignInAsync(trainer.Email, trainer.Password);
        var otherSchool = await browser.SignInAsync(other.Coordinator.Email, other.Coordinator.Password);
        var mustChange = await browser.SignInAsync(generated.Email, generated.Password);
        var noToken = await browser.PostAsync($"{browser.Pages}/login", [new("email", setup.Coordinator.Email), new("password", setup.Coordinator.Password)], withToken: false);

        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).Should().Contain("The email or password is wrong.");
        notStaff.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await notStaff.Content.ReadAsStringAsync()).Should().Contain("is not school staff of this school");
        otherSchool.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        mustChange.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await noToken.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("__RequestVerificationToken").Should().ContainSingle();
        (await browser.GetAsync($"{browser.Pages}/staff?schoolYear=2026/27")).StatusCode.Should().Be(HttpStatusCode.Redirect, "no failed attempt signed anyone in");

        for (var i = 0; i < 4; i++)
        {
            (await browser.SignInAsync(setup.Coordinator.Email, "still the wrong one")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        var token = await setup.App.ClientFor(null).PostAsJsonAsync("/api/auth/token", new { email = setup.Coordinator.Email, password = setup.Coordinator.Password });
        (await token.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail().Should().Contain("locked", "five failures on the page lock the account for the API too");
        (await (await browser.SignInAsync(setup.Coordinator.Email, setup.Coordinator.Password)).Content.ReadAsStringAsync()).Should().Contain("locked until");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task StaffPage_BulkApproveRejectAndWithdraw_DecideAndLeadBackWithTheResult(DatabaseProvider provider)
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(provider));
        await setup.CreateCourseAsync();
        var (classId, students) = await setup.CreateClassAsync(students: 3);
        var ids = new List<Guid>();
        foreach (var (account, _, _) in students)
        {
            ids.Add((await setup.SubmitOkAsync(account, new { awardId = await setup.AwardAsync(account) })).GetProperty("id").GetGuid());
        }
        var browser = new StaffBrowser(setup.App, setup.School.Id);
        await browser.SignInOkAsync(setup.Coordinator);

        var page = await browser.PageAsync($"{browser.Pages}/staff?schoolYear=2026/27&lang=en");
        page.Should().Contain("Approve selected").And.Contain($"value=\"{ids[0]}\" form=\"bulk\"");
        var approved = await browser.DecideAsync("approve", ids.Take(2), "Potrdilo društva");
        var noComment = await browser.DecideAsync("reject", [ids[2]]);
        var rejected = await browser.DecideAsync("reject", [ids[2]], "Ni iz tega šolskega leta.");

        approved.Should().EndWith("&result=approved&done=2&failed=0").And.Contain("lang=en");
        (await browser.PageAsync(approved)).Should().Contain("Approved: 2.");
        noComment.Should().Contain("result=comment-missing");
        (await browser.PageAsync(noComment)).Should().Contain("Give a reason when rejecting");
        rejected.Should().Contain("result=rejected&done=1");
        var report = await setup.Staff.GetFromJsonAsync<JsonElement>($"{setup.Api}/reports?schoolYear=2026/27&classId={classId}");
        report.GetProperty("students").EnumerateArray().Select(s => s.GetProperty("courses")[0].GetProperty("creditedHours").GetDecimal())
            .Should().BeEquivalentTo(new[] { 13.33m, 13.33m, 0m });

        var recognition = await setup.App.WithDbAsync(db => db.SchoolSubmissions.Where(s => s.Id == ids[0]).Select(s => s.RecognitionAwardId).SingleAsync());
        await browser.PageAsync($"{browser.Pages}/staff?schoolYear=2026/27&lang=sl");
        var withdrawn = await browser.PostAsync($"{browser.Pages}/staff/submissions/{ids[0]}/withdraw?lang=sl",
            [new("schoolYear", SchoolSetup.Year), new("reason", "Značka je bila oddana za napačno leto.")]);

        withdrawn.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        (await browser.PageAsync(withdrawn.Headers.Location!.ToString())).Should().Contain("Odločitev je preklicana");
        var award = await setup.App.WithDbAsync(db => db.Awards.SingleAsync(a => a.Id == recognition));
        award.RevokedAt.Should().NotBeNull();
        award.RevocationReason.Should().Be("Značka je bila oddana za napačno leto.");
        (await setup.App.WithDbAsync(db => db.SchoolSubmissions.SingleAsync(s => s.Id == ids[0]))).Status.Should().Be(SchoolSubmissionStatus.Pending);
        var potrdilo = await browser.PageAsync($"{browser.Pages}/students/{students[0].StudentId}/potrdilo?schoolYear=2026/27&lang=sl");
        potrdilo.Should().Contain("Šola še ni priznala nobene značke.", "a withdrawn approval no longer counts");
    }

    [Fact]
    public async Task Forms_OtherSchoolsSessionWrongRoleOrNoToken_AreRefusedAndDecideNothing()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var other = await SchoolSetup.CreateAsync(setup.App);
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 1);
        var id = (await setup.SubmitOkAsync(students[0].Account, new { awardId = await setup.AwardAsync(students[0].Account) })).GetProperty("id").GetGuid();
        var outsider = new StaffBrowser(setup.App, other.School.Id);
        await outsider.SignInOkAsync(other.Coordinator);
        await outsider.PageAsync($"{outsider.Pages}/staff?schoolYear=2026/27");
        var own = new StaffBrowser(setup.App, setup.School.Id);
        await own.SignInOkAsync(setup.Coordinator);
        await own.PageAsync($"{own.Pages}/staff?schoolYear=2026/27");
        var trainer = await setup.App.CreateAccountAsync(roles: (setup.School.Id, OrganisationRole.Trainer));
        var approve = new List<KeyValuePair<string, string>> { new("decision", "approve"), new("submissionIds", id.ToString()) };

        var crossSchool = await outsider.PostAsync($"{own.Pages}/staff/decisions", approve);
        var crossPage = await outsider.GetAsync($"{own.Pages}/staff?schoolYear=2026/27");
        var crossWithdraw = await outsider.PostAsync($"{own.Pages}/staff/submissions/{id}/withdraw", [new("reason", "x")]);
        var ownSchoolRoute = await outsider.PostAsync($"{outsider.Pages}/staff/decisions", approve);
        var byTrainer = await setup.App.ClientFor(trainer).PostAsync($"{own.Pages}/staff/decisions", new FormUrlEncodedContent(approve));
        var forged = await own.PostAsync($"{own.Pages}/staff/decisions", approve, withToken: false);

        crossSchool.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        crossPage.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        crossWithdraw.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ownSchoolRoute.Headers.Location!.ToString().Should().Contain("result=approved&done=0&failed=1", "another school's submission is not found there");
        (await outsider.PageAsync(ownSchoolRoute.Headers.Location!.ToString())).Should().Contain($"This school has no submission {id}.",
            "the page says why a submission was not decided");
        var tooMany = await own.PostAsync($"{own.Pages}/staff/decisions",
            [new("decision", "approve"), .. Enumerable.Range(0, 201).Select(_ => new KeyValuePair<string, string>("submissionIds", Guid.NewGuid().ToString()))]);
        tooMany.Headers.Location!.ToString().Should().Contain("result=too-many&done=0&failed=0");
        byTrainer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await forged.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("__RequestVerificationToken").Should().ContainSingle();
        (await setup.App.WithDbAsync(db => db.SchoolSubmissions.SingleAsync(s => s.Id == id))).Status.Should().Be(SchoolSubmissionStatus.Pending);
    }

    [Fact]
    public async Task Session_SignOutOrPasswordChange_EndsIt()
    {
        var setup = await SchoolSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var staff = await setup.App.CreateAccountAsync(roles: (setup.School.Id, OrganisationRole.SchoolStaff));
        var first = new StaffBrowser(setup.App, setup.School.Id);
        var second = new StaffBrowser(setup.App, setup.School.Id);
        await first.SignInOkAsync(staff);
        await second.SignInOkAsync(staff);
        var staffPage = $"{first.Pages}/staff?schoolYear=2026/27&lang=en";
        await first.PageAsync(staffPage);

        var signOut = await first.PostAsync($"{first.Pages}/logout?lang=en", []);

        signOut.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        (await first.PageAsync(signOut.Headers.Location!.ToString())).Should().Contain("You are signed out.");
        (await first.GetAsync(staffPage)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await second.PageAsync(staffPage)).Should().Contain("Sign out", "signing out ends only that browser's session");

        var changed = await setup.App.ClientFor(staff).PostAsJsonAsync("/api/auth/password", new { currentPassword = staff.Password, newPassword = "a brand new passphrase 2" });
        changed.StatusCode.Should().Be(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());

        (await second.GetAsync(staffPage)).StatusCode.Should().Be(HttpStatusCode.Redirect, "a password change ends the browser sessions, as it revokes refresh tokens");
    }
}
