using System.Text;
using System.Text.Json;
using BadgeForge.Api.Features.Badges;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Pages;
using BadgeForge.Core.Baking;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.QrCodes;
using BadgeForge.Core.Signing;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BadgeForge.Api.Features.Assertions;

/// <summary>
/// The public face of an award: the hosted assertion (JSON-LD for Open Badges clients, the verification page for
/// browsers), its JWS, baked images and QR codes. Revoked awards answer 410 Gone, as OB 2.0 prescribes.
/// </summary>
public static class HostedAssertionEndpoints
{
    // Short, so a revocation shows everywhere within seconds; ETags make revalidation cheap.
    private static readonly TimeSpan AssertionMaxAge = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHostedAssertionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/assertions/{assertionId}").WithTags("Open Badges").AllowAnonymous();
        group.MapGet("/", Get)
            .WithName("GetHostedAssertion")
            .WithSummary("The hosted Open Badges 2.0 assertion (JSON-LD), or the verification page for browsers")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        group.MapPost("/recipient", CheckRecipient)
            .DisableAntiforgery()
            .WithName("CheckAssertionRecipient")
            .WithSummary("Verification page form: does this badge belong to an email address? Answers yes or no, nothing else")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/jws", GetJws)
            .WithName("GetSignedAssertion")
            .WithSummary("The signed assertion as a compact JWS (RS256)")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        group.MapGet("/image.{extension:regex(^(png|svg)$)}", (string assertionId, string extension, BadgeForgeDbContext db, ModelRegistry registry, BadgeClasses badges, BadgeUrls urls, HttpContext http, CancellationToken ct) =>
                GetImage(assertionId, extension, signed: false, db, registry, badges, urls, http, ct))
            .WithName("GetBakedAssertion")
            .WithSummary("The badge image with the hosted assertion baked in (PNG or SVG)")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        group.MapGet("/signed.{extension:regex(^(png|svg)$)}", (string assertionId, string extension, BadgeForgeDbContext db, ModelRegistry registry, BadgeClasses badges, BadgeUrls urls, HttpContext http, CancellationToken ct) =>
                GetImage(assertionId, extension, signed: true, db, registry, badges, urls, http, ct))
            .WithName("GetBakedSignedAssertion")
            .WithSummary("The badge image with the signed assertion (JWS) baked in (PNG or SVG)")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        group.MapGet("/qr.{extension:regex(^(png|svg)$)}", GetQr)
            .WithName("GetAssertionQrCode")
            .WithSummary("QR code leading to the verification page (PNG or SVG), for print and screens")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static (string, string) CacheKey(string assertionId) => ("hosted-assertion", assertionId);

    private static (string, string) PageCacheKey(string assertionId) => ("verification-page-award", assertionId);

    /// Drops what this instance keeps of an award (after a revocation or supersession here); other instances let it
    /// expire within AssertionMaxAge.
    public static void Forget(IMemoryCache cache, string assertionId)
    {
        cache.Remove(CacheKey(assertionId));
        cache.Remove(PageCacheKey(assertionId));
        Verification.OwnDocumentCache.Changed();
    }

    private static async Task<Results<JsonLdResult, RazorComponentResult<VerificationPage>, ProblemHttpResult>> Get(
        string assertionId, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls, PublicUrls publicUrls,
        TimeProvider clock, IMemoryCache cache, CancellationToken ct)
    {
        if (PageLanguage.WantsHtml(http.Request))
        {
            return await PageAsync(assertionId, await FindForPageAsync(db, cache, assertionId, ct), http, db, registry, urls, publicUrls, clock, recipientMatches: null, ct);
        }
        // Validators and backpacks ask for the same document again and again. It is kept for as long as clients may
        // cache it (AssertionMaxAge), so a revocation on another instance still shows within that time; a revocation
        // on this instance removes it at once.
        if (cache.TryGetValue(CacheKey(assertionId), out HostedDocument? cached) && cached is not null)
        {
            return new JsonLdResult(cached.Body, AssertionMaxAge, cached.StatusCode, cached.ETag);
        }
        var row = assertionId.Length > 64 ? null : await db.Awards.AsNoTracking().Where(a => a.Id == assertionId)
            .Select(a => new { a.HostedJson, a.RevokedAt, a.RevocationReason }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return Problems.NotFound($"There is no assertion '{assertionId}'.");
        }
        var body = row.RevokedAt is not null
            ? OpenBadgesDocuments.RevokedHostedAssertion(urls.Assertion(assertionId), row.RevocationReason)
            : Encoding.UTF8.GetBytes(row.HostedJson);
        var document = new HostedDocument(body, row.RevokedAt is not null ? StatusCodes.Status410Gone : StatusCodes.Status200OK, JsonLdResult.ETagOf(body));
        cache.Set(CacheKey(assertionId), document, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = AssertionMaxAge, Size = document.Body.Length });
        return new JsonLdResult(document.Body, AssertionMaxAge, document.StatusCode, document.ETag);
    }

    /// The served bytes with their ETag, hashed once per cache entry rather than per request.
    private sealed record HostedDocument(byte[] Body, int StatusCode, string ETag);

    /// <summary>
    /// The award behind a verification page GET. Kept for AssertionMaxAge like the hosted document (a revocation or
    /// supersession on this instance drops it at once through <see cref="Forget"/>), since a QR code at a fair is
    /// scanned by many phones at once.
    /// </summary>
    private static async Task<Award?> FindForPageAsync(BadgeForgeDbContext db, IMemoryCache cache, string assertionId, CancellationToken ct)
    {
        if (cache.TryGetValue(PageCacheKey(assertionId), out Award? cached) && cached is not null)
        {
            return cached;
        }
        var award = await Find(db, assertionId, ct);
        if (award is not null)
        {
            cache.Set(PageCacheKey(assertionId), award, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = AssertionMaxAge,
                Size = award.HostedJson.Length + award.Jws.Length + award.EvidenceJson.Length,
            });
        }
        return award;
    }

    private static async Task<Results<JsonLdResult, RazorComponentResult<VerificationPage>, ProblemHttpResult>> CheckRecipient(
        string assertionId, [FromForm] string? email, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls,
        PublicUrls publicUrls, TimeProvider clock, CancellationToken ct)
    {
        var award = await Find(db, assertionId, ct);
        bool? matches = award is null || string.IsNullOrWhiteSpace(email) || email.Length > 320
            ? null
            : new RecipientIdentity(award.RecipientIdentity, award.RecipientSalt).Matches(email);
        return await PageAsync(assertionId, award, http, db, registry, urls, publicUrls, clock, matches, ct);
    }

    /// <summary>What a page shows about the earner: by default what they agreed at issuance, or what a share link chose.</summary>
    internal sealed record PageDisclosure(bool Name, bool Evidence);

    /// <summary>The verification page of an award (or its not-found page); also behind the earner's share links.</summary>
    internal static async Task<RazorComponentResult<VerificationPage>> PageAsync(
        string assertionId, Award? award, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls,
        PublicUrls publicUrls, TimeProvider clock, bool? recipientMatches, CancellationToken ct, PageDisclosure? disclosure = null)
    {
        var lang = PageLanguage.Resolve(http);
        var assertionUrl = urls.Assertion(assertionId).ToString();
        var model = award is null ? null : registry.Catalog.Find(new ModelReference(award.ModelId, SemanticVersion.Parse(award.ModelVersion)));
        var badge = model?.FindBadge(award!.BadgeId);
        if (award is null || model is null || badge is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return new RazorComponentResult<VerificationPage>(new { Lang = lang, Status = VerificationPage.PageStatus.NotFound, AssertionUrl = assertionUrl })
            {
                StatusCode = StatusCodes.Status404NotFound,
            };
        }
        var cache = http.RequestServices.GetRequiredService<IMemoryCache>();
        // The issuer's name and links may be edited, so they are kept only as briefly as the award itself.
        var issuer = await cache.GetOrCreateAsync(("verification-page-issuer", award.OrganisationId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = AssertionMaxAge;
            entry.Size = 2048;
            return db.Organisations.AsNoTracking().SingleAsync(o => o.Id == award.OrganisationId, ct);
        }) ?? throw new InvalidOperationException($"Organisation {award.OrganisationId} of award {award.Id} is missing.");
        // A JWS and the public key that signed it never change, so neither does the outcome of checking one with the other.
        var signatureVerified = await cache.GetOrCreateAsync(("verification-page-signature", award.Id, award.SigningKeyId), async entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            entry.Size = 64;
            var key = await db.IssuerKeys.AsNoTracking().SingleAsync(k => k.Id == award.SigningKeyId, ct);
            using var publicKey = RsaKeys.ImportPublicKeyPem(key.PublicKeyPem);
            return Jws.Verify(award.Jws, publicKey).IsValid;
        });
        var now = clock.GetUtcNow().UtcDateTime;
        // A correction revokes the old version, but "superseded, here is the newer one" is what a reader needs to know.
        var status = award.SupersededByAwardId is not null && (award.RevokedAt is null || award.SupersessionKind == SupersessionKind.Correction)
                ? VerificationPage.PageStatus.Superseded
            : award.RevokedAt is not null ? VerificationPage.PageStatus.Revoked
            : award.ExpiresAt <= now ? VerificationPage.PageStatus.Expired
            : VerificationPage.PageStatus.Valid;
        var versions = await VersionsAsync(db, urls, award, ct);
        var version = model.Version.ToString();
        disclosure ??= new PageDisclosure(award.ShowRecipientName, Evidence: true);
        var evidence = disclosure.Evidence ? JsonSerializer.Deserialize<List<EvidenceRow>>(award.EvidenceJson, JsonSerializerOptions.Web) ?? [] : [];
        return new RazorComponentResult<VerificationPage>(new
        {
            Lang = lang,
            Status = status,
            AssertionUrl = assertionUrl,
            Award = award,
            ShowName = disclosure.Name && award.RecipientName is not null,
            Issuer = issuer,
            Model = model,
            Badge = badge,
            ImageUrl = urls.BadgeImage(issuer.Slug, model.Id, version, badge.Id, "png").ToString(),
            CriteriaUrl = urls.Criteria(issuer.Slug, model.Id, version, badge.Id).ToString(),
            SignatureVerified = signatureVerified,
            KeyUrl = urls.IssuerKey(issuer.Slug, award.SigningKeyId).ToString(),
            Competences = (IReadOnlyList<(string, string, int)>)BadgeClasses.CertifiedCompetences(badge.Criteria.Rule).Distinct()
                .Select(c => (model.FindCompetence(c.CompetenceId)?.Title.In(lang) ?? c.CompetenceId,
                    CompetencyModelsEndpoints.LevelUrl(publicUrls, model, c.CompetenceId, c.Level), c.Level)).ToList(),
            Evidence = (IReadOnlyList<(string?, string?)>)evidence.Select(e => (e.Url, e.Narrative)).ToList(),
            RecipientMatches = recipientMatches,
            Versions = versions,
            Now = now,
        })
        {
            StatusCode = award.RevokedAt is not null ? StatusCodes.Status410Gone : StatusCodes.Status200OK,
        };
    }

    private const int MaxVersions = 50;

    /// <summary>
    /// Every version of a corrected or renewed badge, oldest first (empty for a badge that was never superseded):
    /// one lookup per link, so the common case costs nothing.
    /// </summary>
    private static async Task<IReadOnlyList<VerificationPage.BadgeVersion>> VersionsAsync(
        BadgeForgeDbContext db, BadgeUrls urls, Award award, CancellationToken ct)
    {
        if (award.SupersedesAwardId is null && award.SupersededByAwardId is null)
        {
            return [];
        }
        var self = new VersionRow(award.Id, award.IssuedOn, award.SupersedesAwardId, award.SupersededByAwardId, award.SupersessionKind);
        var chain = new List<VersionRow> { self };
        for (var id = award.SupersedesAwardId; id is not null && chain.Count < MaxVersions;)
        {
            var row = await VersionAsync(db, id, ct);
            if (row is null)
            {
                break;
            }
            chain.Insert(0, row);
            id = row.Supersedes;
        }
        for (var id = award.SupersededByAwardId; id is not null && chain.Count < MaxVersions;)
        {
            var row = await VersionAsync(db, id, ct);
            if (row is null)
            {
                break;
            }
            chain.Add(row);
            id = row.SupersededBy;
        }
        // How each version came about is recorded on its predecessor.
        return [.. chain.Select((v, i) => new VerificationPage.BadgeVersion(
            urls.Assertion(v.Id).ToString(), v.IssuedOn, i == 0 ? null : chain[i - 1].Kind, v.Id == award.Id, i == chain.Count - 1))];
    }

    private static Task<VersionRow?> VersionAsync(BadgeForgeDbContext db, string id, CancellationToken ct) =>
        db.Awards.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new VersionRow(a.Id, a.IssuedOn, a.SupersedesAwardId, a.SupersededByAwardId, a.SupersessionKind))
            .SingleOrDefaultAsync(ct);

    private sealed record VersionRow(string Id, DateTime IssuedOn, string? Supersedes, string? SupersededBy, SupersessionKind? Kind);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetJws(string assertionId, BadgeForgeDbContext db, CancellationToken ct)
    {
        var award = await Find(db, assertionId, ct);
        return award is null ? Problems.NotFound($"There is no assertion '{assertionId}'.")
            : award.RevokedAt is not null ? Gone(award)
            : TypedResults.Text(award.Jws, "text/plain", Encoding.ASCII);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetImage(
        string assertionId, string extension, bool signed, BadgeForgeDbContext db, ModelRegistry registry, BadgeClasses badges,
        BadgeUrls urls, HttpContext http, CancellationToken ct)
    {
        var award = await Find(db, assertionId, ct);
        if (award is null)
        {
            return Problems.NotFound($"There is no assertion '{assertionId}'.");
        }
        if (award.RevokedAt is not null)
        {
            return Gone(award);
        }
        var model = registry.Catalog.Find(new ModelReference(award.ModelId, SemanticVersion.Parse(award.ModelVersion)));
        if (model?.FindBadge(award.BadgeId) is not { } badge)
        {
            // Only if a shipped model file was removed from competency-models/ after awards were made from it.
            return Problems.NotFound($"The badge of assertion '{assertionId}' ({award.ModelId}@{award.ModelVersion}/{award.BadgeId}) is no longer loaded.");
        }
        var image = badges.Image(model, badge, extension);
        http.Response.Headers.CacheControl = "public, max-age=60";
        if (extension == "png")
        {
            return TypedResults.File(PngBaking.Bake(image, signed ? award.Jws : award.HostedJson), "image/png", $"{award.BadgeId}.png");
        }
        var baked = signed ? SvgBaking.BakeSigned(image, award.Jws) : SvgBaking.BakeHosted(image, urls.Assertion(award.Id), award.HostedJson);
        return TypedResults.File(baked, "image/svg+xml", $"{award.BadgeId}.svg");
    }

    /// <summary>QR codes cost more CPU than a signature and never change, so each is made once and cached.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetQr(
        string assertionId, string extension, BadgeForgeDbContext db, BadgeUrls urls, IMemoryCache cache, HttpContext http, CancellationToken ct)
    {
        var key = ("qr", assertionId, extension);
        if (!cache.TryGetValue(key, out byte[]? image))
        {
            if (!await db.Awards.AnyAsync(a => a.Id == assertionId, ct))
            {
                return Problems.NotFound($"There is no assertion '{assertionId}'.");
            }
            var url = urls.Assertion(assertionId);
            image = extension == "png" ? QrCodeImages.Png(url) : Encoding.UTF8.GetBytes(QrCodeImages.Svg(url));
            cache.Set(key, image, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1), Size = image.Length });
        }
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.File(image!, extension == "png" ? "image/png" : "image/svg+xml");
    }

    private static Task<Award?> Find(BadgeForgeDbContext db, string assertionId, CancellationToken ct) =>
        assertionId.Length > 64 ? Task.FromResult<Award?>(null) : db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assertionId, ct);

    private static ProblemHttpResult Gone(Award award) =>
        TypedResults.Problem($"This badge was revoked on {award.RevokedAt:yyyy-MM-dd}: {award.RevocationReason}",
            statusCode: StatusCodes.Status410Gone, title: "Revoked");

    private sealed record EvidenceRow(string? Url, string? Narrative);
}
