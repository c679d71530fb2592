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
    public async Task StaffPage_AfterApproval_LinksToAPrintablePotrdiloWithHoursAndQrCodes()
    {
        await using var app = await TestApp.StartKestrelAsync(DatabaseProvider.Sqlite);
        var setup = await SchoolSetup.CreateAsync(app);
        await setup.CreateCourseAsync();
        var (_, students) = await setup.CreateClassAsync(students: 2);
        var submitted = await setup.SubmitOkAsync(students[0].Account, new { awardId = await setup.AwardAsync(students[0].Account) });
        await using var context = await browser.NewPhoneContextAsync("sl");
        await context.SetExtraHTTPHeadersAsync(new Dictionary<string, string>
        {
            ["Accept-Language"] = "sl",
            ["Authorization"] = "Bearer " + setup.Coordinator.AccessToken,
        });
        var page = await context.NewPageAsync();
        var staffUrl = $"{app.KestrelBaseUrl}/schools/{setup.School.Id}/staff?schoolYear=2026/27";

        (await page.GotoAsync(staffUrl))!.Status.Should().Be(200);
        (await page.Locator("#pending tbody tr").CountAsync()).Should().Be(1);
        (await page.Locator("#pending").InnerTextAsync()).Should().Contain(students[0].Name).And.Contain("13,33");

        await setup.DecideAsync(submitted.GetProperty("id").GetGuid(), new { approve = true });
        await page.ReloadAsync();

        (await page.Locator("#no-pending").IsVisibleAsync()).Should().BeTrue();
        var row = page.Locator("#report tbody tr").Filter(new() { HasText = students[0].Name });
        (await row.InnerTextAsync()).Should().Contain("13,33").And.Contain("manjka 46,67");
        (await page.Locator("#report tbody tr").Filter(new() { HasText = students[1].Name }).InnerTextAsync()).Should().Contain("manjka 60");

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
