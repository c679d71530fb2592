using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Core.QrCodes;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Backpack;

/// <summary>
/// The page behind an earner's share link: the badge's verification page, disclosing the name and the evidence only
/// as the earner chose for this link. Expired and revoked links are 404, like links that never existed.
/// </summary>
public static class SharedBadgeEndpoints
{
    public static IEndpointRouteBuilder MapSharedBadgeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/shared/{token}").WithTags("Backpack").AllowAnonymous();
        group.MapGet("/", Get)
            .WithName("GetSharedBadge")
            .WithSummary("The verification page of a badge an earner shared, with what they chose to disclose")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/qr.png", GetQr)
            .WithName("GetSharedBadgeQrCode")
            .WithSummary("QR code of a share link (PNG)")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<RazorComponentResult<VerificationPage>, ProblemHttpResult>> Get(
        string token, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls, PublicUrls publicUrls,
        TimeProvider clock, CancellationToken ct)
    {
        var share = await FindActiveAsync(db, token, clock, ct);
        var award = share is null ? null : await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == share.AwardId, ct);
        if (share is null || award is null)
        {
            if (!PageLanguage.WantsHtml(http.Request))
            {
                return Problems.NotFound("This share link does not exist, has expired or was revoked.");
            }
            return new RazorComponentResult<VerificationPage>(new
            {
                Lang = PageLanguage.Resolve(http),
                Status = VerificationPage.PageStatus.NotFound,
                AssertionUrl = ShareMapping.Url(publicUrls, token.Length > 64 ? "" : token),
            })
            {
                StatusCode = StatusCodes.Status404NotFound,
            };
        }

        http.Response.Headers.CacheControl = "no-store";
        // The page's machine-readable links and recipient check point at the permanent assertion, which is what a
        // verifier checks; the share link only decides what this page discloses.
        return await HostedAssertionEndpoints.PageAsync(award.Id, award, http, db, registry, urls, publicUrls, clock, recipientMatches: null, ct,
            new HostedAssertionEndpoints.PageDisclosure(share.ShowName, share.ShowEvidence));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetQr(
        string token, HttpContext http, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (await FindActiveAsync(db, token, clock, ct) is null)
        {
            return Problems.NotFound("This share link does not exist, has expired or was revoked.");
        }
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(QrCodeImages.Png(new Uri(ShareMapping.Url(urls, token))), "image/png");
    }

    private static async Task<BackpackShare?> FindActiveAsync(BadgeForgeDbContext db, string token, TimeProvider clock, CancellationToken ct)
    {
        if (token.Length > 64)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.BackpackShares.AsNoTracking().SingleOrDefaultAsync(s => s.Token == token && s.RevokedAt == null && s.ExpiresAt > now, ct);
    }

}
