using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Backpack;

/// <summary>
/// The browser side of the backpack: the emailed sign-in link opens a page with one button, which starts a cookie
/// session (<see cref="BackpackSession"/>) and leads to /backpack, a server-rendered list of the earner's badges with
/// visibility and share-link forms. Every form carries an antiforgery token; no JavaScript is needed.
/// </summary>
public static class BackpackPages
{
    public static IEndpointRouteBuilder MapBackpackPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/backpack/login").WithTags("Backpack").AllowAnonymous();
        group.MapGet("/", Show)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .WithName("BackpackLoginPage")
            .WithSummary("The page the emailed sign-in link opens: one button that uses the link");
        group.MapPost("/", Open)
            // The single-use token in the form is what authorises this request; there is no session yet to forge.
            .DisableAntiforgery()
            .Produces(StatusCodes.Status303SeeOther)
            .Produces<string>(StatusCodes.Status401Unauthorized, "text/html")
            .WithName("OpenBackpackPage")
            .WithSummary("Uses the sign-in link, starts the browser session and leads to the backpack page");

        // Antiforgery is checked by each handler itself (tokens bound to the session's account), hence DisableAntiforgery.
        var pages = app.MapGroup("/backpack").WithTags("Backpack").AllowAnonymous().DisableAntiforgery();
        pages.MapGet("/", Home)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .WithName("BackpackHomePage")
            .WithSummary("The signed-in earner's badges with visibility and share-link controls (browser session)");
        pages.MapPost("/badges/{assertionId}/visibility", Visibility)
            .Produces(StatusCodes.Status303SeeOther).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("BackpackPageVisibility")
            .WithSummary("Backpack page form: make a badge public or private");
        pages.MapPost("/badges/{assertionId}/shares", Share)
            .Produces(StatusCodes.Status303SeeOther).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("BackpackPageShare")
            .WithSummary("Backpack page form: make a share link for a badge");
        pages.MapPost("/shares/{shareId:guid}/revoke", RevokeShare)
            .Produces(StatusCodes.Status303SeeOther).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("BackpackPageRevokeShare")
            .WithSummary("Backpack page form: revoke a share link");
        pages.MapPost("/logout", Logout)
            .Produces(StatusCodes.Status303SeeOther).ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("BackpackPageLogout")
            .WithSummary("Backpack page form: end the browser session");
        return app;
    }

    private static RazorComponentResult<BackpackPage> Show(string? token, HttpContext http) =>
        new(new { Lang = PageLanguage.Resolve(http), Token = string.IsNullOrWhiteSpace(token) || token.Length > 200 ? null : token });

    private static async Task<IResult> Open(
        [FromForm] string? token, HttpContext http, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var lang = PageLanguage.Resolve(http);
        var account = string.IsNullOrWhiteSpace(token) || token.Length > 200 ? null : await BackpackLogin.RedeemAsync(db, token, clock, ct);
        if (account is null)
        {
            return new RazorComponentResult<BackpackPage>(new { Lang = lang }) { StatusCode = StatusCodes.Status401Unauthorized };
        }
        await BackpackSession.SignInAsync(http, account);
        return SeeOther(urls, lang, null);
    }

    private static async Task<IResult> Home(
        HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls, PublicUrls publicUrls, TimeProvider clock,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        var lang = PageLanguage.Resolve(http);
        if (await SessionAccountAsync(http, db, ct) is not { } account)
        {
            return new RazorComponentResult<BackpackPage>(new { Lang = lang, SignedOut = true });
        }
        var awards = await db.Awards.AsNoTracking().Where(a => a.RecipientEmail == account.Email)
            .OrderByDescending(a => a.IssuedOn).ThenBy(a => a.Id).ToListAsync(ct);
        var badges = await BackpackEndpoints.ToBadgesAsync(awards, account.Id, db, registry, urls, clock, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var shares = (await db.BackpackShares.AsNoTracking()
                .Where(s => s.AccountId == account.Id && s.RevokedAt == null && s.ExpiresAt > now)
                .OrderByDescending(s => s.CreatedAt).ToListAsync(ct))
            .Select(s => s.ToResponse(publicUrls, now)).ToList();
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<BackpackPage>(new
        {
            Lang = lang,
            Email = account.Email,
            Badges = (IReadOnlyList<BackpackBadge>)badges,
            Shares = (IReadOnlyList<ShareResponse>)shares,
            FormFieldName = tokens.FormFieldName,
            RequestToken = tokens.RequestToken,
            BasePath = publicUrls.For("/backpack"),
        });
    }

    private static async Task<IResult> Visibility(
        string assertionId, HttpContext http, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        var (account, form, refused) = await FormAsync(http, db, antiforgery, ct);
        if (refused is not null || account is null)
        {
            return refused ?? SeeOther(urls, PageLanguage.Resolve(http), null);
        }
        if (await BackpackEndpoints.FindOwnAwardAsync(db, account, assertionId, ct) is not { } award)
        {
            return Problems.NotFound($"You have no badge '{assertionId}'.");
        }
        if (!bool.TryParse(form!["public"], out var isPublic))
        {
            return Problems.Invalid("public", "Send public=true or public=false.");
        }
        if (!await BackpackEndpoints.SetVisibilityAsync(db, account, award, isPublic, clock, ct))
        {
            return Problems.Conflict(BackpackEndpoints.MinorStaysPrivate);
        }
        return SeeOther(urls, PageLanguage.Resolve(http), award.Id);
    }

    private static async Task<IResult> Share(
        string assertionId, HttpContext http, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        var (account, form, refused) = await FormAsync(http, db, antiforgery, ct);
        if (refused is not null || account is null)
        {
            return refused ?? SeeOther(urls, PageLanguage.Resolve(http), null);
        }
        if (await BackpackEndpoints.FindOwnAwardAsync(db, account, assertionId, ct) is not { } award)
        {
            return Problems.NotFound($"You have no badge '{assertionId}'.");
        }
        if (!int.TryParse(form!["expiresInDays"], out var days) || days is < 1 or > 365)
        {
            return Problems.Invalid("expiresInDays", "A share link works for 1 to 365 days.");
        }
        await BackpackEndpoints.CreateShareAsync(db, account, award,
            new CreateShareRequest(form["showName"] == "true", form["showEvidence"] == "true", days), clock, ct);
        return SeeOther(urls, PageLanguage.Resolve(http), award.Id);
    }

    private static async Task<IResult> RevokeShare(
        Guid shareId, HttpContext http, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (account, _, refused) = await FormAsync(http, db, antiforgery, ct);
        if (refused is not null || account is null)
        {
            return refused ?? SeeOther(urls, PageLanguage.Resolve(http), null);
        }
        var share = await BackpackEndpoints.RevokeShareAsync(db, account, shareId, clock, ct);
        return share is null ? BackpackEndpoints.NoSuchShare(shareId) : SeeOther(urls, PageLanguage.Resolve(http), share.AwardId);
    }

    private static async Task<IResult> Logout(HttpContext http, BadgeForgeDbContext db, PublicUrls urls, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (_, _, refused) = await FormAsync(http, db, antiforgery, ct);
        if (refused is not null)
        {
            return refused;
        }
        await http.SignOutAsync(BackpackSession.Scheme);
        return SeeOther(urls, PageLanguage.Resolve(http), null);
    }

    /// <summary>
    /// The session's account and the posted form once the antiforgery token checks out; (null, null, null) without a
    /// session (the caller leads back to the page, which offers signing in), or a refusal to send back.
    /// </summary>
    private static async Task<(Account? Account, IFormCollection? Form, IResult? Refused)> FormAsync(
        HttpContext http, BadgeForgeDbContext db, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (await SessionAccountAsync(http, db, ct) is not { } account)
        {
            return (null, null, null);
        }
        var (form, refused) = await BrowserSessions.ReadFormAsync(http, antiforgery, "backpack", ct);
        return (account, form, refused);
    }

    private static Task<Account?> SessionAccountAsync(HttpContext http, BadgeForgeDbContext db, CancellationToken ct) =>
        BrowserSessions.SessionAccountAsync(http, BackpackSession.Scheme, db, ct);

    private static IResult SeeOther(PublicUrls urls, string lang, string? assertionId) =>
        BrowserSessions.SeeOther($"{urls.For("/backpack")}?lang={lang}" + (assertionId is null ? "" : $"#badge-{assertionId}"));
}
