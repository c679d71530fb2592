using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Core;
using BadgeForge.Core.Schools;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BadgeForge.Api.Features.Schools;

/// <summary>
/// School staff in a browser: they sign in with their account's email and password (the credentials of
/// POST /api/auth/token, with the same lock-out) on /schools/{school}/login and get a cookie session
/// (<see cref="BrowserSessions"/>: HttpOnly, SameSite=Lax, Secure with an https PublicBaseUrl, path /schools, 2 hours of
/// use) for the staff, report and potrdilo pages. The pages still take a bearer token when one is sent. The session ends
/// when the password changes, and the school-staff role is checked on every request as for the API.
/// </summary>
public static class StaffSession
{
    public const string CookieScheme = "SchoolStaffCookie";
    public const string CookieName = "badgeforge-school-staff";

    /// The pages' scheme: the bearer token when the request carries one, otherwise the staff cookie.
    public const string PageScheme = "SchoolStaffPage";

    private const string PasswordStampClaim = "pwd_stamp";

    public static IServiceCollection AddStaffSession(this IServiceCollection services)
    {
        services.AddBrowserSession(CookieScheme, CookieName, "/schools", TimeSpan.FromHours(2), (o, urls) =>
            {
                // Without a session a page leads to the school's sign-in page, and back to itself afterwards.
                o.Events.OnRedirectToLogin = context =>
                {
                    var http = context.HttpContext;
                    if (http.GetRouteValue("orgId") is not string orgId)
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }
                    var back = HttpMethods.IsGet(http.Request.Method) ? "&returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString) : "";
                    context.Response.Redirect(urls.For($"/schools/{orgId}/login?lang={PageLanguage.Resolve(http)}{back}"));
                    return Task.CompletedTask;
                };
                o.Events.OnValidatePrincipal = ValidateAsync;
            })
            .AddPolicyScheme(PageScheme, "Bearer token or school staff session", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0
                    ? http.RequestServices.GetRequiredService<IOptions<AuthenticationOptions>>().Value.DefaultScheme
                    : CookieScheme);
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var login = app.MapGroup("/schools/{orgId:guid}").WithTags("Schools").AllowAnonymous();
        login.MapGet("/login", Show)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SchoolStaffSignInPage")
            .WithSummary("School staff sign-in page (email and password) for the staff, report and potrdilo pages");
        login.MapPost("/login", SignIn)
            // Checked by the handler itself (ASP.NET's automatic check needs UseAntiforgery, which the API does not use).
            .DisableAntiforgery()
            .Produces(StatusCodes.Status303SeeOther)
            .Produces<string>(StatusCodes.Status401Unauthorized, "text/html")
            .Produces<string>(StatusCodes.Status403Forbidden, "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("SchoolStaffSignIn")
            .WithSummary("Staff sign-in form: starts the browser session and leads to the staff page");
    }

    /// Sign-out is a form of the signed-in staff page (its antiforgery token is bound to the session's account).
    internal static async Task<IResult> SignOut(Guid orgId, HttpContext http, IAntiforgery antiforgery, PublicUrls urls, CancellationToken ct)
    {
        var (_, refused) = await BrowserSessions.ReadFormAsync(http, antiforgery, "staff", ct);
        if (refused is not null)
        {
            return refused;
        }
        await http.SignOutAsync(CookieScheme);
        return BrowserSessions.SeeOther(urls.For($"/schools/{orgId}/login?lang={PageLanguage.Resolve(http)}&signedOut=true"));
    }

    private static async Task<IResult> Show(
        Guid orgId, string? returnUrl, bool? signedOut, HttpContext http, BadgeForgeDbContext db, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct) is not { } school)
        {
            return Problems.NotFound($"There is no organisation {orgId}.");
        }
        return Page(http, antiforgery, school, null, null, returnUrl, signedOut == true ? SignedOutMessage : null);
    }

    private static async Task<IResult> SignIn(
        Guid orgId, HttpContext http, BadgeForgeDbContext db, IAntiforgery antiforgery, IOptions<AuthOptions> options, PublicUrls urls,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct) is not { } school)
        {
            return Problems.NotFound($"There is no organisation {orgId}.");
        }
        var (form, refused) = await BrowserSessions.ReadFormAsync(http, antiforgery, "sign-in", ct);
        if (refused is not null)
        {
            return refused;
        }
        var email = form!["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        if (email.Length is 0 or > 320 || password.Length is 0 or > Passwords.MaxLength)
        {
            return Page(http, antiforgery, school, email, WrongCredentials, returnUrl, null, StatusCodes.Status401Unauthorized);
        }
        // The lock-out of POST /api/auth/token, on the same counters: the page is no way around it.
        var now = clock.GetUtcNow().UtcDateTime;
        Account account;
        switch (await PasswordSignIn.CheckAsync(db, email, password, options.Value, now, ct))
        {
            case SignInCheck.Locked locked:
                return Page(http, antiforgery, school, email, new(
                    $"Preveč neuspelih prijav: račun je zaklenjen do {locked.Until:yyyy-MM-dd HH:mm} UTC.",
                    $"Too many failed sign-ins: this account is locked until {locked.Until:yyyy-MM-dd HH:mm} UTC."), returnUrl, null, StatusCodes.Status401Unauthorized);
            case SignInCheck.Passed passed:
                account = passed.Account;
                await db.SaveChangesAsync(ct);
                break;
            default:
                return Page(http, antiforgery, school, email, WrongCredentials, returnUrl, null, StatusCodes.Status401Unauthorized);
        }
        if (account.MustChangePassword)
        {
            return Page(http, antiforgery, school, email, new(
                "Račun ima še ustvarjeno geslo: najprej ga zamenjajte (POST /api/auth/password), nato se prijavite z novim.",
                "This account still has a generated password: change it first (POST /api/auth/password), then sign in with the new one."),
                returnUrl, null, StatusCodes.Status403Forbidden);
        }
        var isStaff = account.IsPlatformAdmin || await db.Memberships.AnyAsync(m => m.AccountId == account.Id && m.OrganisationId == orgId
            && (m.Role == OrganisationRole.SchoolStaff || m.Role == OrganisationRole.OrganisationAdmin), ct);
        if (!isStaff)
        {
            return Page(http, antiforgery, school, email, new(
                $"Račun {account.Email} ni med šolskimi delavci te šole.", $"The account {account.Email} is not school staff of this school."),
                returnUrl, null, StatusCodes.Status403Forbidden);
        }
        await BrowserSessions.SignInAsync(http, CookieScheme, account, new Claim(PasswordStampClaim, Stamp(account.PasswordHash)));
        var target = IsOwnPage(orgId, returnUrl) ? returnUrl
            : $"/schools/{orgId}/staff?schoolYear={Uri.EscapeDataString(SchoolYears.Current(now))}&lang={PageLanguage.Resolve(http)}";
        return BrowserSessions.SeeOther(urls.For(target));
    }

    /// Only this school's pages: never an open redirect to another site (or, through "//", another host).
    private static bool IsOwnPage(Guid orgId, string returnUrl) =>
        returnUrl.StartsWith($"/schools/{orgId}/", StringComparison.OrdinalIgnoreCase)
        && !returnUrl.Contains("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
        && !returnUrl.Contains("/login", StringComparison.OrdinalIgnoreCase);

    private static IResult Page(
        HttpContext http, IAntiforgery antiforgery, Organisation school, string? email, LocalizedText? error, string? returnUrl,
        LocalizedText? notice, int status = StatusCodes.Status200OK)
    {
        // A fresh anonymous token: whoever posts the form is nobody yet.
        http.User = new ClaimsPrincipal(new ClaimsIdentity());
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<StaffSignInPage>(new
        {
            Lang = PageLanguage.Resolve(http),
            School = school.Name,
            Email = email,
            Error = error,
            Notice = notice,
            ReturnUrl = returnUrl is { Length: <= 2000 } ? returnUrl : null,
            FormFieldName = tokens.FormFieldName,
            RequestToken = tokens.RequestToken,
        }) { StatusCode = status };
    }

    private static readonly LocalizedText WrongCredentials = new("E-poštni naslov ali geslo ni pravilno.", "The email or password is wrong.");
    private static readonly LocalizedText SignedOutMessage = new("Odjavljeni ste.", "You are signed out.");

    /// <summary>
    /// Ends the session when the account is gone, its password changed (or was reset to a generated one) since sign-in:
    /// as the refresh tokens are revoked then, so is this.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.AccountId();
        var db = context.HttpContext.RequestServices.GetRequiredService<BadgeForgeDbContext>();
        var account = id is null ? null : await db.Accounts.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.PasswordHash, a.MustChangePassword }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (account is null || account.MustChangePassword || context.Principal!.FindFirst(PasswordStampClaim)?.Value != Stamp(account.PasswordHash))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    // A digest of the password hash, not the hash itself: the cookie is encrypted, but need not carry even that.
    private static string Stamp(string passwordHash) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash)))[..32];
}
