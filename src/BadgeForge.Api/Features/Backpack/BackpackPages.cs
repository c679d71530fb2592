using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Backpack;

/// The browser side of the emailed sign-in link: a page with one button, then the earner's badges.
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
            // The single-use token in the form is what authorises this request; there is no cookie to forge.
            .DisableAntiforgery()
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces<string>(StatusCodes.Status401Unauthorized, "text/html")
            .WithName("OpenBackpackPage")
            .WithSummary("Uses the sign-in link and shows the earner's badges with downloads and LinkedIn links");
        return app;
    }

    private static RazorComponentResult<BackpackPage> Show(string? token, HttpContext http) =>
        new(new { Lang = PageLanguage.Resolve(http), Token = string.IsNullOrWhiteSpace(token) || token.Length > 200 ? null : token });

    private static async Task<RazorComponentResult<BackpackPage>> Open(
        [FromForm] string? token, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls, TimeProvider clock,
        CancellationToken ct)
    {
        var lang = PageLanguage.Resolve(http);
        var account = string.IsNullOrWhiteSpace(token) || token.Length > 200 ? null : await BackpackLogin.RedeemAsync(db, token, clock, ct);
        if (account is null)
        {
            return new(new { Lang = lang }) { StatusCode = StatusCodes.Status401Unauthorized };
        }
        var awards = await db.Awards.AsNoTracking().Where(a => a.RecipientEmail == account.Email)
            .OrderByDescending(a => a.IssuedOn).ThenBy(a => a.Id).ToListAsync(ct);
        var badges = await BackpackEndpoints.ToBadgesAsync(awards, account.Id, db, registry, urls, clock, ct);
        return new(new { Lang = lang, Email = account.Email, Badges = (IReadOnlyList<BackpackBadge>)badges });
    }
}
