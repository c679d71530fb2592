using System.Net;
using System.Text.RegularExpressions;
using BadgeForge.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BadgeForge.Api.Tests.Schools;

/// <summary>
/// A browser without JavaScript on the school pages, over the in-memory server: it keeps cookies, reads each page's
/// antiforgery token from its forms and posts forms as a browser does (no Authorization header, no redirects followed).
/// </summary>
public sealed partial class StaffBrowser(TestApp app, Guid schoolId)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri(TestApp.PublicBaseUrl),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public string Pages => $"/schools/{schoolId}";

    /// The antiforgery token of the last page read.
    public string? Token { get; private set; }

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            var html = await response.Content.ReadAsStringAsync();
            Token = TokenField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : Token;
        }
        return response;
    }

    public async Task<string> PageAsync(string path)
    {
        var response = await GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }

    /// Posts a form with the last page's antiforgery token (unless <paramref name="withToken"/> is false).
    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var all = fields.ToList();
        if (withToken && Token is not null)
        {
            all.Add(new("__RequestVerificationToken", Token));
        }
        return Http.PostAsync(path, new FormUrlEncodedContent(all));
    }

    /// Opens the sign-in page and signs in; returns the answer (303 to the staff page on success).
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string? returnUrl = null)
    {
        await GetAsync($"{Pages}/login?lang=en");
        var fields = new List<KeyValuePair<string, string>> { new("email", email), new("password", password) };
        if (returnUrl is not null)
        {
            fields.Add(new("returnUrl", returnUrl));
        }
        return await PostAsync($"{Pages}/login?lang=en", fields);
    }

    public async Task SignInOkAsync(TestAccount account)
    {
        var response = await SignInAsync(account.Email, account.Password);
        response.StatusCode.Should().Be(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
    }

    /// Posts the staff page's decision form for the given submissions; returns the redirect's target.
    public async Task<string> DecideAsync(string decision, IEnumerable<Guid> ids, string? comment = null)
    {
        await PageAsync($"{Pages}/staff?schoolYear=2026/27&lang=en");
        var fields = new List<KeyValuePair<string, string>> { new("schoolYear", SchoolSetup.Year), new("decision", decision) };
        fields.AddRange(ids.Select(id => new KeyValuePair<string, string>("submissionIds", id.ToString())));
        if (comment is not null)
        {
            fields.Add(new("comment", comment));
        }
        var response = await PostAsync($"{Pages}/staff/decisions?lang=en", fields);
        response.StatusCode.Should().Be(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }
}
