using System.Text.Json;
using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Badges;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.QrCodes;
using BadgeForge.Core.Signing;
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
        var lang = PageLanguage.Resolve(http);
        var share = await FindActiveAsync(db, token, clock, ct);
        var award = share is null ? null : await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == share.AwardId, ct);
        var model = award is null ? null : registry.Catalog.Find(new ModelReference(award.ModelId, SemanticVersion.Parse(award.ModelVersion)));
        var badge = model?.FindBadge(award!.BadgeId);
        if (share is null || award is null || model is null || badge is null)
        {
            if (!PageLanguage.WantsHtml(http.Request))
            {
                return Problems.NotFound("This share link does not exist, has expired or was revoked.");
            }
            return new RazorComponentResult<VerificationPage>(new
            {
                Lang = lang,
                Status = VerificationPage.PageStatus.NotFound,
                AssertionUrl = ShareMapping.Url(publicUrls, token.Length > 64 ? "" : token),
            })
            {
                StatusCode = StatusCodes.Status404NotFound,
            };
        }

        // The entity is not tracked and never saved: these edits only decide what this page discloses. The name shows
        // only when the earner chose so for this link, whatever the issuer recorded.
        award.ShowRecipientName = share.ShowName && award.RecipientName is not null;
        if (!share.ShowName)
        {
            award.RecipientName = null;
        }
        var evidence = share.ShowEvidence ? JsonSerializer.Deserialize<List<EvidenceRow>>(award.EvidenceJson, JsonSerializerOptions.Web) ?? [] : [];

        var issuer = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == award.OrganisationId, ct);
        var key = await db.IssuerKeys.AsNoTracking().SingleAsync(k => k.Id == award.SigningKeyId, ct);
        using var publicKey = RsaKeys.ImportPublicKeyPem(key.PublicKeyPem);
        var now = clock.GetUtcNow().UtcDateTime;
        var status = award.RevokedAt is not null ? VerificationPage.PageStatus.Revoked
            : award.ExpiresAt <= now ? VerificationPage.PageStatus.Expired
            : VerificationPage.PageStatus.Valid;
        var version = model.Version.ToString();
        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<VerificationPage>(new
        {
            Lang = lang,
            Status = status,
            // The page's machine-readable links and recipient check point at the permanent assertion, which is what
            // a verifier checks; the share link only decides what this page shows.
            AssertionUrl = urls.Assertion(award.Id).ToString(),
            Award = award,
            Issuer = issuer,
            Model = model,
            Badge = badge,
            ImageUrl = urls.BadgeImage(issuer.Slug, model.Id, version, badge.Id, "png").ToString(),
            CriteriaUrl = urls.Criteria(issuer.Slug, model.Id, version, badge.Id).ToString(),
            SignatureVerified = Jws.Verify(award.Jws, publicKey).IsValid,
            KeyUrl = urls.IssuerKey(issuer.Slug, key.Id).ToString(),
            Competences = (IReadOnlyList<(string, string, int)>)BadgeClasses.CertifiedCompetences(badge.Criteria.Rule).Distinct()
                .Select(c => (model.FindCompetence(c.CompetenceId)?.Title.In(lang) ?? c.CompetenceId,
                    CompetencyModelsEndpoints.LevelUrl(publicUrls, model, c.CompetenceId, c.Level), c.Level)).ToList(),
            Evidence = (IReadOnlyList<(string?, string?)>)evidence.Select(e => (e.Url, e.Narrative)).ToList(),
            RecipientMatches = (bool?)null,
        })
        {
            StatusCode = status == VerificationPage.PageStatus.Revoked ? StatusCodes.Status410Gone : StatusCodes.Status200OK,
        };
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

    private sealed record EvidenceRow(string? Url, string? Narrative);
}
