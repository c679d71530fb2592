using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Core;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeForge.Api.Features.CompetencyModels;

/// <summary>
/// Competency models: the JSON API, the organisation admins' upload of new versions, and the public pages of
/// models, competences and levels. Those page URLs are Open Badges alignment targets, so they never change.
/// </summary>
public static class CompetencyModelsEndpoints
{
    /// Upload limit: the parser's own limit plus room for nothing else.
    private const long MaxUploadBytes = 1024 * 1024;

    private static readonly string[] YamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    public static IEndpointRouteBuilder MapCompetencyModelsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Competency models").AllowAnonymous();
        api.MapGet("/", List)
            .WithName("ListModels")
            .WithSummary("All competency models with their versions");
        api.MapGet("/{modelId}/versions/{version}", Get)
            .WithName("GetModelVersion")
            .WithSummary("One model version as JSON")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{modelId}/diff", Diff)
            .WithName("DiffModelVersions")
            .WithSummary("Competences and badges added, removed, renamed or changed between two versions")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        app.MapPost("/api/organisations/{orgId:guid}/models", Upload).WithTags("Competency models")
            .RequirePolicy(Policies.OrganisationAdmin)
            .WithMetadata(new RawRequestBody("application/yaml", "The model version as YAML (competency-models/README.md)."))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem()
            .WithBodyLimit(MaxUploadBytes)
            .WithName("UploadModelVersion")
            .WithSummary("Upload a new model version (YAML body), validated like the shipped files")
            .WithDescription("Problems come back as a 400 problem with 'problems': [{line, column, code, message}].");

        var pages = app.MapGroup("/models/{modelId}/{version}").WithTags("Competency models").AllowAnonymous();
        pages.MapGet("/", ModelPage)
            .WithName("ModelPage")
            .WithSummary("Public page of a model version (HTML for browsers, JSON otherwise)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        pages.MapGet("/competences/{competenceId}", CompetencePage)
            .WithName("CompetencePage")
            .WithSummary("Public page of a competence (HTML for browsers, JSON otherwise); an alignment target")
            .ProducesProblem(StatusCodes.Status404NotFound);
        pages.MapGet("/competences/{competenceId}/levels/{level:int}", LevelPage)
            .WithName("CompetenceLevelPage")
            .WithSummary("Public page of one level of a competence (HTML for browsers, JSON otherwise); an alignment target")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="Id">Model id.</param>
    /// <param name="Title">Bilingual title.</param>
    /// <param name="Versions">Its versions, oldest first.</param>
    public sealed record ModelSummary(string Id, LocalizedText Title, List<VersionSummary> Versions);

    /// <param name="Version">Semantic version.</param>
    /// <param name="Status">draft, published or retired.</param>
    /// <param name="Url">Public page.</param>
    /// <param name="ContentSha256">Hash of the YAML that defines it.</param>
    public sealed record VersionSummary(string Version, string Status, string Url, string ContentSha256);

    /// <param name="Model">id@version.</param>
    /// <param name="Id">Competence id.</param>
    /// <param name="Url">Permanent public URL.</param>
    /// <param name="Title">Bilingual title.</param>
    /// <param name="Description">Bilingual description.</param>
    /// <param name="Area">The competence area.</param>
    /// <param name="Levels">Levels (up to the requested one for a level URL) and their indicators.</param>
    /// <param name="Alignments">External framework alignments.</param>
    public sealed record CompetenceDocument(
        string Model, string Id, string Url, LocalizedText Title, LocalizedText Description, LocalizedText Area,
        List<LevelDocument> Levels, IReadOnlyList<Alignment> Alignments);

    /// <param name="Level">Scale level.</param>
    /// <param name="Url">Permanent public URL of this level.</param>
    /// <param name="Title">Scale title of the level.</param>
    /// <param name="Indicators">Observable indicators of this level.</param>
    public sealed record LevelDocument(int Level, string Url, LocalizedText? Title, IReadOnlyList<Indicator> Indicators);

    private static Ok<List<ModelSummary>> List(ModelRegistry registry, PublicUrls urls)
    {
        var summaries = registry.Catalog.Models.GroupBy(m => m.Id)
            .Select(g => new ModelSummary(g.Key, g.OrderBy(m => m.Version).Last().Title,
                [.. g.OrderBy(m => m.Version).Select(m => new VersionSummary(m.Version.ToString(), m.Status.ToString().ToLowerInvariant(),
                    ModelUrl(urls, m), m.ContentSha256))]))
            .ToList();
        return TypedResults.Ok(summaries);
    }

    private static Results<JsonHttpResult<CompetencyModel>, ProblemHttpResult> Get(string modelId, string version, ModelRegistry registry) =>
        Find(registry, modelId, version) is { } model
            ? TypedResults.Json(model, ModelJson.Options)
            : Problems.NotFound($"There is no competency model {modelId}@{version}.");

    private static Results<Ok<ModelDiff>, ProblemHttpResult, ValidationProblem> Diff(string modelId, string? from, string? to, ModelRegistry registry)
    {
        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [string.IsNullOrWhiteSpace(from) ? "from" : "to"] = ["Give both versions: ?from=1.0.0&to=2.0.0."],
            });
        }
        var older = Find(registry, modelId, from);
        var newer = Find(registry, modelId, to);
        if (older is null || newer is null)
        {
            return Problems.NotFound($"There is no competency model {modelId}@{(older is null ? from : to)}.");
        }
        return TypedResults.Ok(ModelDiff.Compare(older, newer));
    }

    private static async Task<Results<Created<VersionSummary>, ValidationProblem, ProblemHttpResult>> Upload(
        Guid orgId, HttpRequest request, ModelRegistry registry, BadgeForgeDbContext db, PublicUrls urls, CancellationToken ct)
    {
        var mediaType = request.GetTypedHeaders().ContentType?.MediaType.Value;
        if (mediaType is null || !YamlMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem($"Send the model as YAML with 'Content-Type: application/yaml', not '{mediaType}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);

        switch (await registry.UploadAsync(db, orgId, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct))
        {
            case UploadOutcome.Added added:
                var summary = new VersionSummary(added.Model.Version.ToString(), added.Model.Status.ToString().ToLowerInvariant(),
                    ModelUrl(urls, added.Model), added.Model.ContentSha256);
                return TypedResults.Created(summary.Url, summary);
            case UploadOutcome.Invalid invalid:
                var problems = invalid.Problems.Select(p => new { file = p.File, line = p.Line, column = p.Column, code = p.Code, message = p.Message }).ToList();
                return TypedResults.Problem(
                    $"The model has {problems.Count} problem(s); the first: line {problems[0].line}, column {problems[0].column}: {problems[0].message}",
                    statusCode: StatusCodes.Status400BadRequest, title: "Invalid competency model",
                    extensions: new Dictionary<string, object?> { ["problems"] = problems });
            case UploadOutcome.Conflict conflict:
                return Problems.Conflict(conflict.Message);
            case UploadOutcome.Forbidden forbidden:
                return TypedResults.Problem(forbidden.Message, statusCode: StatusCodes.Status403Forbidden);
            default:
                throw new InvalidOperationException("Unknown upload outcome.");
        }
    }

    private static Results<RazorComponentResult<ModelPage>, JsonHttpResult<CompetencyModel>, ProblemHttpResult> ModelPage(
        string modelId, string version, HttpContext http, ModelRegistry registry, PublicUrls urls)
    {
        if (Find(registry, modelId, version) is not { } model)
        {
            return Problems.NotFound($"There is no competency model {modelId}@{version}.");
        }
        if (!PageLanguage.WantsHtml(http.Request))
        {
            return TypedResults.Json(model, ModelJson.Options);
        }
        return new RazorComponentResult<ModelPage>(new
        {
            Lang = PageLanguage.Resolve(http),
            Model = model,
            CompetenceUrl = (Func<string, string>)(id => CompetenceUrl(urls, model, id)),
        });
    }

    private static Results<RazorComponentResult<CompetencePage>, Ok<CompetenceDocument>, ProblemHttpResult> CompetencePage(
        string modelId, string version, string competenceId, HttpContext http, ModelRegistry registry, PublicUrls urls) =>
        Competence(modelId, version, competenceId, level: null, http, registry, urls);

    private static Results<RazorComponentResult<CompetencePage>, Ok<CompetenceDocument>, ProblemHttpResult> LevelPage(
        string modelId, string version, string competenceId, int level, HttpContext http, ModelRegistry registry, PublicUrls urls) =>
        Competence(modelId, version, competenceId, level, http, registry, urls);

    private static Results<RazorComponentResult<CompetencePage>, Ok<CompetenceDocument>, ProblemHttpResult> Competence(
        string modelId, string version, string competenceId, int? level, HttpContext http, ModelRegistry registry, PublicUrls urls)
    {
        var model = Find(registry, modelId, version);
        var area = model?.Areas.FirstOrDefault(a => a.Competences.Any(c => c.Id == competenceId));
        var competence = area?.Competences.First(c => c.Id == competenceId);
        if (model is null || area is null || competence is null)
        {
            return Problems.NotFound($"There is no competence '{competenceId}' in {modelId}@{version}.");
        }
        if (level is { } l && competence.Levels.All(x => x.Level != l))
        {
            return Problems.NotFound($"Competence '{competenceId}' of {modelId}@{version} has no level {l}.");
        }
        var canonical = level is null ? CompetenceUrl(urls, model, competenceId) : LevelUrl(urls, model, competenceId, level.Value);
        if (!PageLanguage.WantsHtml(http.Request))
        {
            var levels = competence.Levels.Where(x => level is null || x.Level <= level)
                .Select(x => new LevelDocument(x.Level, LevelUrl(urls, model, competenceId, x.Level),
                    model.Scale.Levels.FirstOrDefault(s => s.Level == x.Level)?.Title, x.Indicators))
                .ToList();
            return TypedResults.Ok(new CompetenceDocument(model.Reference.ToString(), competence.Id, canonical, competence.Title,
                competence.Description, area.Title, levels, competence.Alignments));
        }
        return new RazorComponentResult<CompetencePage>(new
        {
            Lang = PageLanguage.Resolve(http),
            Model = model,
            Area = area,
            Competence = competence,
            Level = level,
            ModelUrl = ModelUrl(urls, model),
            LevelUrl = (Func<int, string>)(l => LevelUrl(urls, model, competenceId, l)),
            CanonicalUrl = canonical,
        });
    }

    private static CompetencyModel? Find(ModelRegistry registry, string modelId, string version) =>
        SemanticVersion.TryParse(version, out var v) ? registry.Catalog.Find(new ModelReference(modelId, v)) : null;

    public static string ModelUrl(PublicUrls urls, CompetencyModel model) => urls.For($"/models/{model.Id}/{model.Version}");

    public static string CompetenceUrl(PublicUrls urls, CompetencyModel model, string competenceId) =>
        urls.For($"/models/{model.Id}/{model.Version}/competences/{Uri.EscapeDataString(competenceId)}");

    public static string LevelUrl(PublicUrls urls, CompetencyModel model, string competenceId, int level) =>
        CompetenceUrl(urls, model, competenceId) + $"/levels/{level}";
}
