using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Issuers;

/// Public Open Badges issuer documents (Profile, CryptographicKey) and the admins' key management.
public static class IssuersEndpoints
{
    private static readonly TimeSpan ProfileMaxAge = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan KeyMaxAge = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapIssuersEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/issuers/{slug}").WithTags("Open Badges").AllowAnonymous();
        open.MapGet("/", GetProfile)
            .WithName("GetIssuerProfile")
            .WithSummary("Open Badges 2.0 issuer Profile (JSON-LD)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        open.MapGet("/keys/{keyId:guid}", GetKey)
            .WithName("GetIssuerKey")
            .WithSummary("Open Badges 2.0 CryptographicKey: a public key of the issuer (JSON-LD)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        open.MapGet("/revocations", GetRevocationList)
            .WithName("GetRevocationList")
            .WithSummary("Open Badges 2.0 RevocationList of the issuer's revoked signed assertions (JSON-LD)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var keys = app.MapGroup("/api/organisations/{orgId:guid}/keys").WithTags("Organisations");
        keys.MapGet("/", ListKeys).RequirePolicy(Policies.OrganisationAdmin)
            .WithName("ListIssuerKeys")
            .WithSummary("The organisation's signing keys: public halves only, active and retired");
        keys.MapPost("/rotate", RotateKey).RequirePolicy(Policies.OrganisationAdmin)
            .WithName("RotateIssuerKey")
            .WithSummary("Make a new signing key active; the old one stays published so its signatures stay verifiable");
        return app;
    }

    /// <param name="Id">Key id.</param>
    /// <param name="Url">Public CryptographicKey URL.</param>
    /// <param name="PublicKeyPem">SPKI PEM.</param>
    /// <param name="Active">Signs new assertions.</param>
    /// <param name="CreatedAt">When it was made.</param>
    /// <param name="RetiredAt">When a newer key replaced it.</param>
    public sealed record IssuerKeyResponse(Guid Id, string Url, string PublicKeyPem, bool Active, DateTime CreatedAt, DateTime? RetiredAt);

    private static async Task<Results<JsonLdResult, ProblemHttpResult>> GetProfile(
        string slug, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == slug, ct);
        if (organisation is null)
        {
            return Problems.NotFound($"There is no issuer '{slug}'.");
        }
        var keyIds = await db.IssuerKeys.AsNoTracking().Where(k => k.OrganisationId == organisation.Id)
            .OrderBy(k => k.CreatedAt).Select(k => k.Id).ToListAsync(ct);
        var profile = new IssuerProfile(urls.Issuer(slug), Bilingual.Join(organisation.Name), new Uri(organisation.Url), organisation.Email)
        {
            Description = Bilingual.Join(organisation.Description),
            Image = organisation.LogoUrl is null ? null : new Uri(organisation.LogoUrl),
            PublicKeys = [.. keyIds.Select(id => urls.IssuerKey(slug, id))],
            RevocationList = urls.RevocationList(slug),
        };
        return new JsonLdResult(OpenBadgesDocuments.Profile(profile), ProfileMaxAge);
    }

    private static async Task<Results<JsonLdResult, ProblemHttpResult>> GetKey(
        string slug, Guid keyId, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        var key = await db.IssuerKeys.AsNoTracking()
            .Where(k => k.Id == keyId && db.Organisations.Any(o => o.Id == k.OrganisationId && o.Slug == slug))
            .Select(k => new { k.Id, k.PublicKeyPem })
            .SingleOrDefaultAsync(ct);
        if (key is null)
        {
            return Problems.NotFound($"Issuer '{slug}' has no key {keyId:N}.");
        }
        var document = new CryptographicKeyDefinition(urls.IssuerKey(slug, key.Id), urls.Issuer(slug), key.PublicKeyPem);
        return new JsonLdResult(OpenBadgesDocuments.CryptographicKey(document), KeyMaxAge);
    }

    private static async Task<Results<JsonLdResult, ProblemHttpResult>> GetRevocationList(
        string slug, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == slug, ct);
        if (organisation is null)
        {
            return Problems.NotFound($"There is no issuer '{slug}'.");
        }
        var revoked = await db.Awards.AsNoTracking().Where(a => a.OrganisationId == organisation.Id && a.RevokedAt != null)
            .OrderBy(a => a.RevokedAt).Select(a => new { a.SignedUuid, a.RevocationReason }).ToListAsync(ct);
        var list = new RevocationListDefinition(urls.RevocationList(slug), urls.Issuer(slug),
            [.. revoked.Select(r => new RevokedAssertion($"urn:uuid:{r.SignedUuid:D}", r.RevocationReason))]);
        // Short-lived: a revocation must reach verifiers quickly.
        return new JsonLdResult(OpenBadgesDocuments.RevocationList(list), TimeSpan.FromSeconds(5));
    }

    private static async Task<Results<Ok<List<IssuerKeyResponse>>, ProblemHttpResult>> ListKeys(
        Guid orgId, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct);
        if (organisation is null)
        {
            return Problems.NotFound($"There is no organisation {orgId}.");
        }
        var keys = await db.IssuerKeys.AsNoTracking().Where(k => k.OrganisationId == orgId).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(keys.Select(k => k.ToResponse(organisation.Slug, urls)).ToList());
    }

    private static async Task<Results<Ok<IssuerKeyResponse>, ProblemHttpResult>> RotateKey(
        Guid orgId, BadgeForgeDbContext db, IssuerKeyStore keys, BadgeUrls urls, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct);
        if (organisation is null)
        {
            return Problems.NotFound($"There is no organisation {orgId}.");
        }
        var key = await keys.RotateAsync(orgId, ct);
        return TypedResults.Ok(key.ToResponse(organisation.Slug, urls));
    }

    private static IssuerKeyResponse ToResponse(this IssuerKey k, string slug, BadgeUrls urls) =>
        new(k.Id, urls.IssuerKey(slug, k.Id).ToString(), k.PublicKeyPem, k.IsActive, k.CreatedAt, k.RetiredAt);
}
