using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Expiry;

/// Renewal requests: by the earner from their backpack, or by the issuing organisation's admins and trainers for them.
public static class ExpiryEndpoints
{
    public static IEndpointRouteBuilder MapExpiryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/backpack/badges/{assertionId}/renew", RenewOwn).WithTags("Backpack").RequirePolicy(Policies.Active)
            .WithName("RenewBackpackBadge")
            .WithSummary("Renew one of your badges: if the model's renewal criteria are met now, a renewed badge supersedes it")
            .WithDescription("Allowed before or after expiry. The old badge is marked superseded, not revoked; its verification page links the new one.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/api/organisations/{orgId:guid}/assertions/{assertionId}/renew", RenewForEarner).WithTags("Assertions")
            .RequirePolicy(Policies.OrganisationIssuer)
            .WithName("RenewAssertion")
            .WithSummary("Renew an award on the earner's behalf: the renewal criteria are checked against the earner's records now")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPut("/api/backpack/language", SetLanguage).WithTags("Backpack").RequirePolicy(Policies.Active).AcceptsJsonBody()
            .WithName("SetBackpackLanguage")
            .WithSummary("The language (sl or en) of the mail BadgeForge sends you, such as expiry reminders");
        return app;
    }

    /// <param name="Language">"sl" (Slovenian, the default) or "en".</param>
    public sealed record LanguageRequest(
        [Required, RegularExpression("^(sl|en)$", ErrorMessage = "The language must be 'sl' or 'en'.")] string Language);

    /// <param name="Language">The language now in effect.</param>
    public sealed record LanguageResponse(string Language);

    private static async Task<Results<Ok<LanguageResponse>, ProblemHttpResult>> SetLanguage(
        LanguageRequest request, HttpContext http, BadgeForgeDbContext db, CancellationToken ct)
    {
        var accountId = http.User.RequiredAccountId();
        var updated = await db.Accounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.PreferredLanguage, request.Language), ct);
        return updated == 0
            ? Problems.Unauthorized("The account of this token no longer exists.")
            : TypedResults.Ok(new LanguageResponse(request.Language));
    }

    private static async Task<Results<Created<AwardResponse>, ProblemHttpResult>> RenewOwn(
        string assertionId, HttpContext http, BadgeForgeDbContext db, AwardRenewal renewal, BadgeUrls urls, CancellationToken ct)
    {
        var accountId = http.User.RequiredAccountId();
        var email = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Email).SingleOrDefaultAsync(ct);
        if (email is null)
        {
            return Problems.Unauthorized("The account of this token no longer exists.");
        }
        var award = assertionId.Length > 64 ? null
            : await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assertionId && a.RecipientEmail == email, ct);
        if (award is null)
        {
            // The same answer whether the badge does not exist or belongs to someone else.
            return Problems.NotFound($"You have no badge '{assertionId}'.");
        }
        return ToResult(await renewal.RenewAsync(award, award.IssuedByAccountId, ct), urls, assertionId);
    }

    private static async Task<Results<Created<AwardResponse>, ProblemHttpResult>> RenewForEarner(
        Guid orgId, string assertionId, HttpContext http, BadgeForgeDbContext db, AwardRenewal renewal, BadgeUrls urls, CancellationToken ct)
    {
        var award = assertionId.Length > 64 ? null
            : await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assertionId && a.OrganisationId == orgId, ct);
        if (award is null)
        {
            return Problems.NotFound($"Organisation {orgId} has no assertion '{assertionId}'.");
        }
        return ToResult(await renewal.RenewAsync(award, http.User.RequiredAccountId(), ct), urls, assertionId);
    }

    private static Results<Created<AwardResponse>, ProblemHttpResult> ToResult(RenewalOutcome outcome, BadgeUrls urls, string assertionId)
    {
        switch (outcome)
        {
            case RenewalOutcome.Renewed renewed:
                var a = renewed.New;
                var response = a.ToResponse(urls, urls.BadgeClass(renewed.Organisation.Slug, a.ModelId, a.ModelVersion, a.BadgeId).ToString());
                return TypedResults.Created(response.Url, response);
            case RenewalOutcome.NotMet notMet:
                return TypedResults.Problem(
                    $"The renewal criteria are not met at {notMet.RenewedAt:yyyy-MM-dd HH:mm} UTC; 'unmet' lists what is missing.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Renewal criteria not met",
                    extensions: new Dictionary<string, object?>
                    {
                        ["renewedAt"] = notMet.RenewedAt,
                        ["unmet"] = AwardRenewal.Describe(notMet.Unmet),
                    });
            case RenewalOutcome.NotRenewable notRenewable:
                return Problems.Conflict(notRenewable.Message);
            default:
                return Problems.NotFound($"There is no assertion '{assertionId}'.");
        }
    }
}
