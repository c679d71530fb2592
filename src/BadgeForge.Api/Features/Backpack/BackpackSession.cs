using System.Security.Claims;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace BadgeForge.Api.Features.Backpack;

/// <summary>
/// The earner's browser session after the emailed sign-in link: an encrypted cookie (Data Protection, so every
/// instance reads it), HttpOnly, SameSite=Lax, Secure whenever PublicBaseUrl is https, valid for 8 hours of use, and
/// sent only to /backpack pages. It is never a default scheme: the /api endpoints take bearer tokens only, so a cookie
/// can never authorise an API call from another site.
/// </summary>
public static class BackpackSession
{
    public const string Scheme = "BackpackCookie";
    public const string CookieName = "badgeforge-backpack";

    public static void AddBackpackSession(this WebApplicationBuilder builder, PublicUrls urls)
    {
        var https = urls.BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "badgeforge-antiforgery";
            o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
        });
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = new Uri(urls.For("/backpack")).AbsolutePath;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // The pages decide what a visitor without a session sees; the handler never redirects on its own.
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
    }

    public static Task SignInAsync(HttpContext http, Data.Entities.Account account) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(BadgeForgeClaims.Subject, account.Id.ToString()), new Claim(BadgeForgeClaims.Email, account.Email)],
            Scheme, BadgeForgeClaims.Name, null)));
}
