using System.Security.Claims;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Cookie sessions of the server-rendered pages (the earner's backpack, the school staff pages). Each page family has
/// its own scheme and cookie: encrypted with Data Protection (so every instance reads it), HttpOnly, SameSite=Lax, Secure
/// whenever PublicBaseUrl is https, sent only under the family's path, and sliding. None of them is a default scheme:
/// /api endpoints take bearer tokens only, so a cookie can never authorise an API call from another site. Forms carry
/// an antiforgery token bound to the session's account, checked by <see cref="ReadFormAsync"/>.
/// </summary>
public static class BrowserSessions
{
    public const string AntiforgeryCookieName = "badgeforge-antiforgery";
    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    /// <summary>
    /// Registers a cookie scheme for pages under <paramref name="path"/>. Without a session the handler answers 401 and
    /// never redirects, unless <paramref name="configure"/> says otherwise (e.g. to lead to a sign-in page).
    /// </summary>
    public static AuthenticationBuilder AddBrowserSession(
        this IServiceCollection services, string scheme, string cookieName, string path, TimeSpan idleTimeout,
        Action<CookieAuthenticationOptions, PublicUrls>? configure = null)
    {
        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<PublicUrls>((o, urls) =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.SecurePolicy = IsHttps(urls) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = AntiforgeryFieldName;
        });
        var authentication = services.AddAuthentication().AddCookie(scheme);
        services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<PublicUrls>((o, urls) =>
        {
            o.Cookie.Name = cookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = IsHttps(urls) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = new Uri(urls.For(path)).AbsolutePath;
            o.ExpireTimeSpan = idleTimeout;
            o.SlidingExpiration = true;
            // The pages decide what a visitor without a session sees; by default the handler never redirects on its own.
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            configure?.Invoke(o, urls);
        });
        return authentication;
    }

    public static Task SignInAsync(HttpContext http, string scheme, Account account, params Claim[] extra) =>
        http.SignInAsync(scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(BadgeForgeClaims.Subject, account.Id.ToString()), new Claim(BadgeForgeClaims.Email, account.Email), .. extra],
            scheme, BadgeForgeClaims.Name, null)));

    /// The account of the scheme's session, with the request's user set to it (antiforgery tokens are bound to it).
    public static async Task<Account?> SessionAccountAsync(HttpContext http, string scheme, BadgeForgeDbContext db, CancellationToken ct)
    {
        var result = await http.AuthenticateAsync(scheme);
        if (!result.Succeeded || result.Principal.AccountId() is not { } id)
        {
            return null;
        }
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            // Deleted meanwhile (GDPR erasure): the session ends with it.
            await http.SignOutAsync(scheme);
            return null;
        }
        http.User = result.Principal;
        return account;
    }

    /// <summary>
    /// The posted form once its antiforgery token checks out against the request's user, or a 400 to send back.
    /// <paramref name="page"/> names the page the form belongs to, for the message.
    /// </summary>
    public static async Task<(IFormCollection? Form, IResult? Refused)> ReadFormAsync(
        HttpContext http, IAntiforgery antiforgery, string page, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, Problems.Invalid("form", "Send the page's form (application/x-www-form-urlencoded)."));
        }
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return (null, Problems.Invalid(AntiforgeryFieldName, $"The form is stale or was not sent from the {page} page: reload the page and try again."));
        }
        return (await http.Request.ReadFormAsync(ct), null);
    }

    /// 303: the browser follows a POST's answer with a GET (post/redirect/get), so reloading never re-sends a form.
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private static bool IsHttps(PublicUrls urls) => urls.BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
