using System.Net.Http.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Api.Tests.Pages;
using BadgeForge.Data;
using Microsoft.Playwright;

namespace BadgeForge.Api.Tests.Schools;

/// The staff overview and the printable potrdilo in real headless Chromium against the app on Kestrel.
[Collection(BrowserCollection.Name)]
public sealed class SchoolPagesBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task StaffPage_SignedInStaffApprovesInBulk_ReportAndPrintablePotrdiloShowTheHours()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var setup = await SchoolSetup.CreateAsync(app);
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 3);
        foreach (var (account, _, _) in students.Take(2))
        {
            await setup.SubmitOkAsync(account, new { awardId = await setup.AwardAsync(account) });
        }
        await using var context = await browser.NewPhoneContextAsync("sl");
        var page = await context.NewPageAsync();
        var staffUrl = $"{app.KestrelBaseUrl}/schools/{setup.School.Id}/staff?schoolYear=2026/27";

        await page.GotoAsync(staffUrl);
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Prijava za šolske delavce");
        await page.GetByLabel("E-poštni naslov").FillAsync(setup.Coordinator.Email);
        await page.GetByLabel("Geslo").FillAsync(setup.Coordinator.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Prijava" }).ClickAsync();

        page.Url.Should().Be(staffUrl, "signing in leads back to the page asked for");
        var session = (await context.CookiesAsync()).Should().ContainSingle(c => c.Name == "badgeforge-school-staff").Subject;
        session.HttpOnly.Should().BeTrue();
        session.SameSite.Should().Be(SameSiteAttribute.Lax);
        session.Path.Should().Be("/schools");
        (await page.Locator("#pending tbody tr").CountAsync()).Should().Be(2);
        (await page.Locator("#pending").InnerTextAsync()).Should().Contain(students[0].Name).And.Contain("13,33");

        foreach (var checkbox in await page.Locator("#pending input[type=checkbox]").AllAsync())
        {
            await checkbox.CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Odobri izbrane" }).ClickAsync();

        (await page.Locator("#result").InnerTextAsync()).Should().Be("Odobrenih: 2.");
        (await page.Locator("#no-pending").IsVisibleAsync()).Should().BeTrue();
        (await page.Locator("#decided tbody tr").CountAsync()).Should().Be(2);
        var row = page.Locator("#report tbody tr").Filter(new() { HasText = students[0].Name });
        (await row.InnerTextAsync()).Should().Contain("13,33").And.Contain("manjka 46,67");
        (await page.Locator("#report tbody tr").Filter(new() { HasText = students[1].Name }).InnerTextAsync()).Should().Contain("13,33");
        (await page.Locator("#report tbody tr").Filter(new() { HasText = students[2].Name }).InnerTextAsync()).Should().Contain("manjka 60");
        await page.ReloadAsync();
        (await page.Locator("#result").InnerTextAsync()).Should().Be("Odobrenih: 2.", "reloading shows the page again and decides nothing twice");
        (await page.Locator("#decided tbody tr").CountAsync()).Should().Be(2);

        await row.GetByRole(AriaRole.Link, new() { Name = "Natisni" }).ClickAsync();

        (await page.Locator("h1").InnerTextAsync()).Should().Be("Potrdilo o priznanih urah obveznih izbirnih vsebin");
        (await page.Locator("#student-name").InnerTextAsync()).Should().Be(students[0].Name);
        (await page.Locator("td.credited").InnerTextAsync()).Should().Be("13,33");
        (await page.Locator("td.missing").InnerTextAsync()).Should().Be("46,67");
        (await page.Locator(".badges figure svg").CountAsync()).Should().Be(1, "one QR code per recognised badge");
        (await page.GetByRole(AriaRole.Link, new() { Name = "Preveri značko" }).GetAttributeAsync("href")).Should().StartWith(app.KestrelBaseUrl + "/assertions/");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await page.Locator("nav.lang").IsVisibleAsync()).Should().BeFalse("the print stylesheet hides the language switch");
        (await page.Locator(".badges figure svg").IsVisibleAsync()).Should().BeTrue();
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).Should().Be("%PDF-");

        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Odjava" }).ClickAsync();
        (await page.Locator("#notice").InnerTextAsync()).Should().Be("Odjavljeni ste.");
        await page.GotoAsync(staffUrl);
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Prijava za šolske delavce", "the session has ended");
    }

    [Fact]
    public async Task StaffPage_WithoutSession_LeadsToTheSignInPage()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var setup = await SchoolSetup.CreateAsync(app);
        await using var context = await browser.NewPhoneContextAsync("en");
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync($"{app.KestrelBaseUrl}/schools/{setup.School.Id}/staff?schoolYear=2026/27");

        response!.Status.Should().Be(200);
        page.Url.Should().StartWith($"{app.KestrelBaseUrl}/schools/{setup.School.Id}/login?lang=en&returnUrl=");
        (await page.Locator("h1").InnerTextAsync()).Should().Be("School staff sign-in");
    }
}
