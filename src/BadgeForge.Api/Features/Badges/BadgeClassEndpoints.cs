using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Badges;

/// Public BadgeClass documents, their images and criteria pages.
public static class BadgeClassEndpoints
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapBadgeClassEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/issuers/{slug}/badges/{modelId}/{version}/{badgeId}").WithTags("Open Badges").AllowAnonymous();
        group.MapGet("/", Get)
            .WithName("GetBadgeClass")
            .WithSummary("Open Badges 2.0 BadgeClass of an issuer for a badge of a model version (JSON-LD)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/image.{extension:regex(^(png|svg)$)}", Image)
            .WithName("GetBadgeClassImage")
            .WithSummary("The badge image, PNG or SVG")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/criteria", Criteria)
            .WithName("GetBadgeCriteria")
            .WithSummary("Human-readable criteria of the badge (HTML for browsers, JSON otherwise)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="Badge">BadgeClass URL.</param>
    /// <param name="Narrative">The criteria in Slovenian and English.</param>
    public sealed record CriteriaDocument(string Badge, BadgeForge.Core.LocalizedText Narrative);

    private static async Task<Results<JsonLdResult, ProblemHttpResult>> Get(
        string slug, string modelId, string version, string badgeId, BadgeForgeDbContext db, ModelRegistry registry, BadgeClasses badges, CancellationToken ct)
    {
        var (issuer, model, badge, problem) = await ResolveAsync(slug, modelId, version, badgeId, db, registry, ct);
        return problem ?? (Results<JsonLdResult, ProblemHttpResult>)new JsonLdResult(OpenBadgesDocuments.BadgeClass(badges.Build(issuer!, model!, badge!)), MaxAge);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Image(
        string slug, string modelId, string version, string badgeId, string extension, HttpContext http,
        BadgeForgeDbContext db, ModelRegistry registry, BadgeClasses badges, CancellationToken ct)
    {
        var (_, model, badge, problem) = await ResolveAsync(slug, modelId, version, badgeId, db, registry, ct);
        if (problem is not null)
        {
            return problem;
        }
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.File(badges.Image(model!, badge!, extension), extension == "png" ? "image/png" : "image/svg+xml");
    }

    private static async Task<Results<RazorComponentResult<CriteriaPage>, Ok<CriteriaDocument>, ProblemHttpResult>> Criteria(
        string slug, string modelId, string version, string badgeId, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry,
        BadgeUrls urls, PublicUrls publicUrls, CancellationToken ct)
    {
        var (issuer, model, badge, problem) = await ResolveAsync(slug, modelId, version, badgeId, db, registry, ct);
        if (problem is not null)
        {
            return problem;
        }
        var narrative = CriteriaNarrative.Describe(model!, badge!.Criteria.Rule);
        if (!PageLanguage.WantsHtml(http.Request))
        {
            return TypedResults.Ok(new CriteriaDocument(urls.BadgeClass(slug, modelId, version, badgeId).ToString(), narrative));
        }
        var lang = PageLanguage.Resolve(http);
        var competences = BadgeClasses.CertifiedCompetences(badge.Criteria.Rule).Distinct()
            .Select(c => (model!.FindCompetence(c.CompetenceId)?.Title.In(lang) ?? c.CompetenceId,
                CompetencyModelsEndpoints.LevelUrl(publicUrls, model, c.CompetenceId, c.Level), c.Level))
            .ToList();
        return new RazorComponentResult<CriteriaPage>(new
        {
            Lang = lang,
            Issuer = issuer!,
            Model = model!,
            Badge = badge,
            Narrative = narrative,
            ModelUrl = CompetencyModelsEndpoints.ModelUrl(publicUrls, model!),
            ImageUrl = urls.BadgeImage(slug, modelId, version, badgeId, "svg").ToString(),
            Competences = (IReadOnlyList<(string, string, int)>)competences,
        });
    }

    private static async Task<(Organisation? Issuer, CompetencyModel? Model, BadgeDefinition? Badge, ProblemHttpResult? Problem)> ResolveAsync(
        string slug, string modelId, string version, string badgeId, BadgeForgeDbContext db, ModelRegistry registry, CancellationToken ct)
    {
        var issuer = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == slug, ct);
        var model = SemanticVersion.TryParse(version, out var v) ? registry.Catalog.Find(new ModelReference(modelId, v)) : null;
        var badge = model?.FindBadge(badgeId);
        if (issuer is null || badge is null)
        {
            return (null, null, null, Problems.NotFound(issuer is null ? $"There is no issuer '{slug}'." : $"There is no badge '{badgeId}' in {modelId}@{version}."));
        }
        return (issuer, model, badge, null);
    }
}
