using System.Text.Json;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Backpack;

/// <summary>
/// The earner's backpack: every badge awarded to the signed-in account's email, its visibility, share links, and
/// the GDPR export and erasure. Another person's badge answers 404, never 403, so ids reveal nothing.
/// </summary>
public static class BackpackEndpoints
{
    public static IEndpointRouteBuilder MapBackpackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/backpack").WithTags("Backpack");
        group.MapGet("/badges", ListBadges).RequirePolicy(Policies.Active)
            .WithName("ListBackpackBadges")
            .WithSummary("Every badge awarded to the signed-in account's email, newest first");
        group.MapPut("/badges/{assertionId}/visibility", SetVisibility).RequirePolicy(Policies.Active).AcceptsJsonBody()
            .WithName("SetBackpackBadgeVisibility")
            .WithSummary("Make one of your badges public or private (badges of minors stay private)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/badges/{assertionId}/shares", CreateShare).RequirePolicy(Policies.Active).AcceptsJsonBody()
            .WithName("CreateBackpackShare")
            .WithSummary("Make an expiring link that shows one of your badges, with or without your name and evidence")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/badges/{assertionId}/shares", ListShares).RequirePolicy(Policies.Active)
            .WithName("ListBackpackShares")
            .WithSummary("The share links of one of your badges, including expired and revoked ones")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/shares/{shareId:guid}", RevokeShare).RequirePolicy(Policies.Active)
            .WithName("RevokeBackpackShare")
            .WithSummary("Revoke a share link: it answers 404 from then on")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/export", Export).RequirePolicy(Policies.Active)
            .WithName("ExportBackpack")
            .WithSummary("Everything BadgeForge holds about the signed-in account, as JSON (GDPR access and portability)");
        group.MapDelete("/account", DeleteAccount).RequirePolicy(Policies.Active)
            .WithName("DeleteBackpackAccount")
            .WithSummary("Delete the signed-in account, its share links and sign-in links; ?confirm= must repeat the account's email")
            .WithDescription("Issued badges stay valid and verifiable at their URLs: they are the issuer's record. They are no longer listed for the person.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<List<BackpackBadge>>, ProblemHttpResult>> ListBadges(
        HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (await CurrentAccountAsync(http, db, ct) is not { } account)
        {
            return AccountGone();
        }
        var awards = await db.Awards.AsNoTracking().Where(a => a.RecipientEmail == account.Email)
            .OrderByDescending(a => a.IssuedOn).ThenBy(a => a.Id).ToListAsync(ct);
        return TypedResults.Ok(await ToBadgesAsync(awards, account.Id, db, registry, urls, clock, ct));
    }

    private static async Task<Results<Ok<BackpackBadge>, ProblemHttpResult>> SetVisibility(
        string assertionId, VisibilityRequest request, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls,
        TimeProvider clock, CancellationToken ct)
    {
        if (await CurrentAccountAsync(http, db, ct) is not { } account)
        {
            return AccountGone();
        }
        if (await FindOwnAwardAsync(db, account, assertionId, ct) is not { } award)
        {
            return NoSuchBadge(assertionId);
        }
        if (!await SetVisibilityAsync(db, account, award, request.Public, clock, ct))
        {
            return Problems.Conflict(MinorStaysPrivate);
        }
        return TypedResults.Ok((await ToBadgesAsync([award], account.Id, db, registry, urls, clock, ct))[0]);
    }

    internal const string MinorStaysPrivate =
        "This badge was awarded to a minor, so it stays private. To show it to someone, make an expiring share link instead.";

    /// Makes one of the account's badges public or private; false (and nothing changed) for a minor's badge made public.
    internal static async Task<bool> SetVisibilityAsync(
        BadgeForgeDbContext db, Account account, Award award, bool isPublic, TimeProvider clock, CancellationToken ct)
    {
        if (isPublic && award.RecipientIsMinor)
        {
            return false;
        }
        var setting = await db.BackpackBadgeSettings.SingleOrDefaultAsync(s => s.AccountId == account.Id && s.AwardId == award.Id, ct);
        if (setting is null)
        {
            setting = new BackpackBadgeSetting { AccountId = account.Id, AwardId = award.Id };
            db.BackpackBadgeSettings.Add(setting);
        }
        setting.IsPublic = isPublic;
        setting.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static async Task<Results<Created<ShareResponse>, ProblemHttpResult>> CreateShare(
        string assertionId, CreateShareRequest request, HttpContext http, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock,
        CancellationToken ct)
    {
        if (await CurrentAccountAsync(http, db, ct) is not { } account)
        {
            return AccountGone();
        }
        if (await FindOwnAwardAsync(db, account, assertionId, ct) is not { } award)
        {
            return NoSuchBadge(assertionId);
        }
        var share = await CreateShareAsync(db, account, award, request, clock, ct);
        var response = share.ToResponse(urls, clock.GetUtcNow().UtcDateTime);
        return TypedResults.Created(response.Url, response);
    }

    internal static async Task<BackpackShare> CreateShareAsync(
        BadgeForgeDbContext db, Account account, Award award, CreateShareRequest request, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var share = new BackpackShare
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            AwardId = award.Id,
            // 256 random bits: the link is the only key to the page, so it must not be guessable.
            Token = SecretTokens.New(),
            ShowName = request.ShowName,
            ShowEvidence = request.ShowEvidence,
            CreatedAt = now,
            ExpiresAt = now.AddDays(request.ExpiresInDays),
        };
        db.BackpackShares.Add(share);
        await db.SaveChangesAsync(ct);
        return share;
    }

    private static async Task<Results<Ok<List<ShareResponse>>, ProblemHttpResult>> ListShares(
        string assertionId, HttpContext http, BadgeForgeDbContext db, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (await CurrentAccountAsync(http, db, ct) is not { } account)
        {
            return AccountGone();
        }
        if (await FindOwnAwardAsync(db, account, assertionId, ct) is null)
        {
            return NoSuchBadge(assertionId);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var shares = await db.BackpackShares.AsNoTracking().Where(s => s.AccountId == account.Id && s.AwardId == assertionId)
            .OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(shares.Select(s => s.ToResponse(urls, now)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeShare(
        Guid shareId, HttpContext http, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await CurrentAccountAsync(http, db, ct) is not { } account)
        {
            return AccountGone();
        }
        return await RevokeShareAsync(db, account, shareId, clock, ct) is null ? NoSuchShare(shareId) : TypedResults.NoContent();
    }

    /// Revokes one of the account's share links; null when it has none with that id. Revoking twice is not an error:
    /// the link is dead either way, and the first revocation time is kept. Shared by the API and the backpack page.
    internal static async Task<BackpackShare?> RevokeShareAsync(
        BadgeForgeDbContext db, Account account, Guid shareId, TimeProvider clock, CancellationToken ct)
    {
        var share = await db.BackpackShares.SingleOrDefaultAsync(s => s.Id == shareId && s.AccountId == account.Id, ct);
        if (share is not null)
        {
            share.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }
        return share;
    }

    internal static ProblemHttpResult NoSuchShare(Guid shareId) => Problems.NotFound($"You have no share link {shareId}.");

    private static async Task<Results<Ok<BackpackExport>, ProblemHttpResult>> Export(
        HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls badgeUrls, PublicUrls urls, TimeProvider clock,
        CancellationToken ct)
    {
        if (await CurrentAccountAsync(http, db, ct) is not { } account)
        {
            return AccountGone();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.AccountId == account.Id)
            .Join(db.Organisations, m => m.OrganisationId, o => o.Id, (m, o) => new ExportMembership(m.OrganisationId, o.Slug, m.Role, m.CreatedAt))
            .ToListAsync(ct);
        var awards = await db.Awards.AsNoTracking().Where(a => a.RecipientEmail == account.Email)
            .OrderByDescending(a => a.IssuedOn).ThenBy(a => a.Id).ToListAsync(ct);
        var badges = await ToBadgesAsync(awards, account.Id, db, registry, badgeUrls, clock, ct);
        var shares = await db.BackpackShares.AsNoTracking().Where(s => s.AccountId == account.Id).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var settings = await db.BackpackBadgeSettings.AsNoTracking().Where(s => s.AccountId == account.Id)
            .Select(s => new ExportBadgeSetting(s.AwardId, s.IsPublic, s.UpdatedAt)).ToListAsync(ct);
        var links = await db.BackpackLoginTokens.AsNoTracking().Where(t => t.Email == account.Email).OrderBy(t => t.CreatedAt)
            .Select(t => new ExportLoginLink(t.CreatedAt, t.ExpiresAt, t.UsedAt)).ToListAsync(ct);
        http.Response.Headers.ContentDisposition = "attachment; filename=\"badgeforge-export.json\"";
        return TypedResults.Ok(new BackpackExport(
            new ExportAccount(account.Id, account.Email, account.DisplayName, account.PreferredLanguage, account.IsPlatformAdmin, account.CreatedAt),
            memberships,
            [.. awards.Zip(badges, (a, b) => new ExportAward(b, a.RecipientName, a.ShowRecipientName, a.Narrative,
                JsonDocument.Parse(a.EvidenceJson).RootElement.Clone(), JsonDocument.Parse(a.HostedJson).RootElement.Clone(), a.Jws))],
            [.. shares.Select(s => s.ToResponse(urls, now))],
            settings,
            links,
            now));
    }

    /// <summary>
    /// GDPR erasure of the person's own data. The awards stay: they are the issuer's signed record, and revoking or
    /// deleting them would break every copy already handed to employers and schools.
    /// </summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAccount(
        string? confirm, HttpContext http, BadgeForgeDbContext db, CancellationToken ct)
    {
        if (await CurrentAccountAsync(http, db, ct) is not { } account)
        {
            return AccountGone();
        }
        // Deleting is irreversible, so the caller repeats the email: a stray or replayed request cannot erase an account.
        if (confirm is null || EmailAddress.Normalise(confirm) != account.Email)
        {
            return Problems.Invalid("confirm", "Repeat the account's email in ?confirm= to delete the account.");
        }
        if (account.IsPlatformAdmin)
        {
            return Problems.Conflict("A platform administrator's account cannot delete itself: another administrator must remove the role first.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.BackpackShares.Where(s => s.AccountId == account.Id).ExecuteDeleteAsync(ct);
        await db.BackpackBadgeSettings.Where(s => s.AccountId == account.Id).ExecuteDeleteAsync(ct);
        await db.BackpackLoginTokens.Where(t => t.Email == account.Email).ExecuteDeleteAsync(ct);
        await db.RefreshTokens.Where(t => t.AccountId == account.Id).ExecuteDeleteAsync(ct);
        await db.Memberships.Where(m => m.AccountId == account.Id).ExecuteDeleteAsync(ct);
        await db.Accounts.Where(a => a.Id == account.Id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// The account is read on every request: the access token can outlive a deleted account by a few minutes.
    private static Task<Account?> CurrentAccountAsync(HttpContext http, BadgeForgeDbContext db, CancellationToken ct)
    {
        var id = http.User.RequiredAccountId();
        return db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
    }

    internal static Task<Award?> FindOwnAwardAsync(BadgeForgeDbContext db, Account account, string assertionId, CancellationToken ct) =>
        assertionId.Length > 64
            ? Task.FromResult<Award?>(null)
            : db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assertionId && a.RecipientEmail == account.Email, ct);

    private static ProblemHttpResult AccountGone() => Problems.Unauthorized("The account of this token no longer exists.");

    // The same answer whether the badge does not exist or belongs to someone else.
    private static ProblemHttpResult NoSuchBadge(string assertionId) => Problems.NotFound($"You have no badge '{assertionId}'.");

    internal static async Task<List<BackpackBadge>> ToBadgesAsync(
        List<Award> awards, Guid accountId, BadgeForgeDbContext db, ModelRegistry registry, BadgeUrls urls, TimeProvider clock,
        CancellationToken ct)
    {
        var organisationIds = awards.Select(a => a.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var awardIds = awards.Select(a => a.Id).ToList();
        var publicIds = (await db.BackpackBadgeSettings.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.IsPublic && awardIds.Contains(s.AwardId)).Select(s => s.AwardId).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. awards.Select(a =>
        {
            var organisation = organisations[a.OrganisationId];
            var title = registry.Catalog.Find(new ModelReference(a.ModelId, SemanticVersion.Parse(a.ModelVersion)))?.FindBadge(a.BadgeId)?.Title
                ?? new LocalizedText(a.BadgeId, a.BadgeId);
            // A correction also revokes the old award ("superseded by ..."): the earner should see why, not just "revoked".
            var status = a.SupersededByAwardId is not null ? BadgeStatus.Superseded
                : a.RevokedAt is not null ? BadgeStatus.Revoked
                : a.ExpiresAt <= now ? BadgeStatus.Expired
                : BadgeStatus.Valid;
            var assertionUrl = urls.Assertion(a.Id).ToString();
            return new BackpackBadge(
                a.Id, $"{a.ModelId}@{a.ModelVersion}/{a.BadgeId}", title,
                new BackpackIssuer(organisation.Slug, organisation.Name, organisation.Url, urls.Issuer(organisation.Slug).ToString()),
                a.IssuedOn, a.ExpiresAt, a.RevokedAt, a.RevocationReason, status, publicIds.Contains(a.Id), a.RecipientIsMinor,
                new BackpackLinks(
                    assertionUrl, urls.AssertionJws(a.Id).ToString(), urls.AssertionImage(a.Id, "png").ToString(),
                    urls.AssertionImage(a.Id, "svg").ToString(), urls.SignedAssertionImage(a.Id, "png").ToString(),
                    urls.AssertionQr(a.Id, "png").ToString(), LinkedInAddToProfile(a, title, organisation, assertionUrl)),
                a.SupersededByAwardId);
        })];
    }

    /// <summary>
    /// LinkedIn's "Add licence or certification" form, pre-filled. Each value is percent-encoded on its own, since
    /// titles carry spaces, slashes and č/š/ž (https://addtoprofile.linkedin.com).
    /// </summary>
    public static string LinkedInAddToProfile(Award award, LocalizedText title, Organisation organisation, string assertionUrl)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("startTask", "CERTIFICATION_NAME"),
            ("name", Bilingual.Join(title)),
            ("organizationName", Bilingual.Join(organisation.Name)),
            ("issueYear", award.IssuedOn.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("issueMonth", award.IssuedOn.Month.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (award.ExpiresAt is { } expires)
        {
            fields.Add(("expirationYear", expires.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            fields.Add(("expirationMonth", expires.Month.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        fields.Add(("certUrl", assertionUrl));
        fields.Add(("certId", award.Id));
        return "https://www.linkedin.com/profile/add?" + string.Join("&", fields.Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value)}"));
    }
}

internal static class ShareMapping
{
    public static string Url(PublicUrls urls, string token) => urls.For($"/shared/{token}");

    public static ShareResponse ToResponse(this BackpackShare s, PublicUrls urls, DateTime now) => new(
        s.Id, s.AwardId, Url(urls, s.Token), Url(urls, s.Token) + "/qr.png", s.ShowName, s.ShowEvidence, s.CreatedAt, s.ExpiresAt,
        s.RevokedAt, s.RevokedAt is null && s.ExpiresAt > now);
}
