using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.Organisations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BadgeForge.Api.Features.Assertions;

/// Awarding, listing and revoking an organisation's badges: for its admins and trainers.
public static class AwardsEndpoints
{
    public static IEndpointRouteBuilder MapAwardsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organisations/{orgId:guid}/assertions").WithTags("Assertions");
        group.MapPost("/", Issue).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("IssueAssertion")
            .WithSummary("Award a badge: a hosted and signed Open Badges 2.0 assertion")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("ListAssertions")
            .WithSummary("The organisation's awards, newest first");
        group.MapGet("/{assertionId}", Get).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("GetAssertion")
            .WithSummary("One award of the organisation")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{assertionId}/revoke", Revoke).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("RevokeAssertion")
            .WithSummary("Revoke an award with a reason: the hosted assertion answers 410 and the issuer's revocation list names it")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{assertionId}/correct", Correct).RequirePolicy(Policies.OrganisationAdmin).AcceptsJsonBody()
            .WithName("CorrectAssertion")
            .WithSummary("Correct an award: re-issue it with the changes; the old one is revoked as \"superseded by\" the new one and both are linked")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <param name="Items">This page of awards.</param>
    /// <param name="Total">Awards of the organisation in all.</param>
    public sealed record AwardPage(List<AwardResponse> Items, int Total);

    private static async Task<Results<Created<AwardResponse>, ValidationProblem, ProblemHttpResult>> Issue(
        Guid orgId, IssueAwardRequest request, HttpContext http, AwardIssuer issuer, AwardCommits commits, BadgeUrls urls, CancellationToken ct)
    {
        switch (await issuer.IssueGroupedAsync(orgId, http.User.RequiredAccountId(), request, commits, ct))
        {
            case IssueOutcome.Issued issued:
                var response = issued.Award.ToResponse(urls, BadgeClassUrl(urls, issued.Organisation.Slug, issued.Award));
                return TypedResults.Created(response.Url, response);
            case IssueOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Field, invalid.Message);
            default:
                return Problems.NotFound($"There is no organisation {orgId}.");
        }
    }

    private static async Task<Ok<AwardPage>> List(
        Guid orgId, int? offset, int? limit, BadgeForgeDbContext db, OrganisationSlugs slugs, BadgeUrls urls, CancellationToken ct)
    {
        var skip = Math.Max(offset ?? 0, 0);
        var take = Math.Clamp(limit ?? 50, 1, 500);
        var query = db.Awards.AsNoTracking().Where(a => a.OrganisationId == orgId);
        var total = await query.CountAsync(ct);
        var awards = await query.OrderByDescending(a => a.IssuedOn).ThenBy(a => a.Id).Skip(skip).Take(take).ToListAsync(ct);
        var slug = await slugs.FindAsync(db, orgId, ct) ?? throw new InvalidOperationException($"Organisation {orgId} passed authorisation but does not exist.");
        return TypedResults.Ok(new AwardPage([.. awards.Select(a => a.ToResponse(urls, BadgeClassUrl(urls, slug, a)))], total));
    }

    private static async Task<Results<Ok<AwardResponse>, ProblemHttpResult>> Get(
        Guid orgId, string assertionId, BadgeForgeDbContext db, OrganisationSlugs slugs, BadgeUrls urls, CancellationToken ct)
    {
        var award = await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assertionId && a.OrganisationId == orgId, ct);
        return award is null
            ? Problems.NotFound($"Organisation {orgId} has no assertion '{assertionId}'.")
            : TypedResults.Ok(await ToResponseAsync(award, db, slugs, urls, ct));
    }

    private static async Task<Results<Ok<AwardResponse>, ValidationProblem, ProblemHttpResult>> Revoke(
        Guid orgId, string assertionId, RevokeAwardRequest request, HttpContext http, BadgeForgeDbContext db, OrganisationSlugs slugs,
        BadgeUrls urls, TimeProvider clock, IMemoryCache cache, CancellationToken ct)
    {
        var award = await db.Awards.SingleOrDefaultAsync(a => a.Id == assertionId && a.OrganisationId == orgId, ct);
        if (award is null)
        {
            // Another organisation's award is "not found" here: its existence is not this caller's business.
            return Problems.NotFound($"Organisation {orgId} has no assertion '{assertionId}'.");
        }
        if (award.RevokedAt is not null)
        {
            return Problems.Conflict($"Assertion '{assertionId}' was already revoked on {award.RevokedAt:yyyy-MM-dd} ({award.RevocationReason}).");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Conditional update: of two concurrent revocations only one records its reason.
        var updated = await db.Awards.Where(a => a.Id == assertionId && a.RevokedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.RevokedAt, now)
            .SetProperty(a => a.RevocationReason, request.Reason.Trim())
            .SetProperty(a => a.RevokedByAccountId, http.User.RequiredAccountId()), ct);
        if (updated == 0)
        {
            return Problems.Conflict($"Assertion '{assertionId}' was already revoked.");
        }
        await db.Entry(award).ReloadAsync(ct);
        HostedAssertionEndpoints.Forget(cache, assertionId);
        return TypedResults.Ok(await ToResponseAsync(award, db, slugs, urls, ct));
    }

    private static async Task<Results<Created<AwardResponse>, ValidationProblem, ProblemHttpResult>> Correct(
        Guid orgId, string assertionId, CorrectAwardRequest request, HttpContext http, AwardIssuer issuer, BadgeUrls urls, CancellationToken ct)
    {
        var outcome = await issuer.SupersedeAsync(orgId, assertionId, http.User.RequiredAccountId(),
            old => request.ApplyTo(AwardIssuer.RequestFrom(old)), SupersessionKind.Correction, ct);
        switch (outcome)
        {
            case SupersedeOutcome.Superseded superseded:
                var response = superseded.New.ToResponse(urls, BadgeClassUrl(urls, superseded.Organisation.Slug, superseded.New));
                return TypedResults.Created(response.Url, response);
            case SupersedeOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Field, invalid.Message);
            case SupersedeOutcome.Conflict conflict:
                return Problems.Conflict(conflict.Message);
            default:
                return Problems.NotFound($"Organisation {orgId} has no assertion '{assertionId}'.");
        }
    }

    private static async Task<AwardResponse> ToResponseAsync(
        Award award, BadgeForgeDbContext db, OrganisationSlugs slugs, BadgeUrls urls, CancellationToken ct)
    {
        var slug = await slugs.FindAsync(db, award.OrganisationId, ct)
                   ?? throw new InvalidOperationException($"Award {award.Id} names organisation {award.OrganisationId}, which does not exist.");
        return award.ToResponse(urls, BadgeClassUrl(urls, slug, award));
    }

    private static string BadgeClassUrl(BadgeUrls urls, string slug, Award a) =>
        urls.BadgeClass(slug, a.ModelId, a.ModelVersion, a.BadgeId).ToString();
}
