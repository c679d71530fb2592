using BadgeForge.Api.Infrastructure;

namespace BadgeForge.Api.Features.Backpack;

/// <summary>
/// The earner's browser session after the emailed sign-in link (<see cref="BrowserSessions"/>): valid for 8 hours of use
/// and sent only to /backpack pages.
/// </summary>
public static class BackpackSession
{
    public const string Scheme = "BackpackCookie";
    public const string CookieName = "badgeforge-backpack";

    public static void AddBackpackSession(this WebApplicationBuilder builder) =>
        builder.Services.AddBrowserSession(Scheme, CookieName, "/backpack", TimeSpan.FromHours(8));

    public static Task SignInAsync(HttpContext http, Data.Entities.Account account) => BrowserSessions.SignInAsync(http, Scheme, account);
}
