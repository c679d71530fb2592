using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using MimeKit;

namespace BadgeForge.Api.Tests.Backpack;

/// <summary>
/// One app per provider whose mail goes to its own pick-up folder (no SMTP host is configured), so tests read the
/// sign-in links exactly as an earner's mail client would. Tests stay independent by using their own addresses.
/// </summary>
public sealed record BackpackApp(TestApp App, string MailFolder)
{
    private static readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<BackpackApp>>> Shared = new();
    private static readonly Regex LoginLink = new($@"{Regex.Escape(TestApp.PublicBaseUrl)}/backpack/login\?token=([A-Za-z0-9_-]+)");

    public static Task<BackpackApp> For(DatabaseProvider provider)
    {
        TestDatabases.SkipIfUnavailable(provider);
        return Shared.GetOrAdd(provider, p => new Lazy<Task<BackpackApp>>(async () =>
        {
            var folder = Path.Combine(Path.GetTempPath(), $"badgeforge-mail-{Guid.NewGuid():N}");
            var app = await TestApp.StartAsync(p, new Dictionary<string, string?> { ["Email:PickupDirectory"] = folder });
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            };
            return new BackpackApp(app, folder);
        })).Value;
    }

    /// Every message written to the pick-up folder for this address.
    public List<MimeMessage> MailTo(string email) =>
        !Directory.Exists(MailFolder) ? []
            : [.. Directory.GetFiles(MailFolder, "*.eml").Order().Select(path => MimeMessage.Load(path))
                .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, email, StringComparison.OrdinalIgnoreCase)))];

    public Task<HttpResponseMessage> RequestLinkAsync(string email) =>
        App.ClientFor(null).PostAsJsonAsync("/api/backpack/login-link", new { email });

    /// The token of the newest sign-in link mailed to the address.
    public string LatestToken(string email)
    {
        var mail = MailTo(email);
        mail.Should().NotBeEmpty("a sign-in link should have been mailed to {0}", email);
        var match = LoginLink.Match(mail[^1].TextBody ?? "");
        match.Success.Should().BeTrue("the mail should hold a sign-in link: {0}", mail[^1].TextBody);
        return match.Groups[1].Value;
    }

    public Task<HttpResponseMessage> ExchangeAsync(string token) =>
        App.ClientFor(null).PostAsJsonAsync("/api/backpack/login", new { token });

    /// Signs in as an earner through the emailed link and returns a client with the access token.
    public async Task<HttpClient> SignInByLinkAsync(string email)
    {
        (await RequestLinkAsync(email)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var response = await ExchangeAsync(LatestToken(email));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        return App.ClientWithToken(tokens.GetProperty("accessToken").GetString());
    }
}
