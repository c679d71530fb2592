using System.Text;
using System.Text.Json;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Features.Issuers;
using BadgeForge.Api.Features.Organisations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Signing;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BadgeForge.Api.Features.Assertions;

/// What an award attempt came to: the award, or the one thing wrong with the request.
public abstract record IssueOutcome
{
    public sealed record Issued(Award Award, IssuingOrganisation Organisation) : IssueOutcome;

    /// <param name="Field">The request field at fault, as written in JSON.</param>
    /// <param name="Code">A stable machine name of the problem (e.g. <c>badge.unknown</c>), never reworded.</param>
    /// <param name="Text">What is wrong, in Slovenian and English.</param>
    public sealed record Invalid(string Field, string Code, LocalizedText Text) : IssueOutcome
    {
        /// What is wrong, in English: the API's problem details.
        public string Message => Text.En;
    }

    public sealed record OrganisationMissing : IssueOutcome;
}

/// The organisation a badge is issued by, as far as the documents need it: its id and its slug (which never changes).
public sealed record IssuingOrganisation(Guid Id, string Slug)
{
    public static IssuingOrganisation Of(Organisation organisation) => new(organisation.Id, organisation.Slug);
}

/// <summary>
/// Awards one badge: checks the pinned model version and badge, computes expiry from the model's validity, and
/// stores the hosted assertion and its signed twin exactly as served. Used by the API, the demo command and (later)
/// bulk issuance, so every path issues the same documents.
/// </summary>
public sealed partial class AwardIssuer(
    BadgeForgeDbContext db, ModelRegistry registry, IssuerKeyStore keys, OrganisationSlugs slugs, BadgeUrls urls, TimeProvider clock,
    IMemoryCache cache)
{
    public async Task<IssueOutcome> IssueAsync(Guid organisationId, Guid issuedBy, IssueAwardRequest request, CancellationToken ct)
    {
        var outcome = await PrepareAsync(organisationId, issuedBy, request, ct);
        if (outcome is IssueOutcome.Issued issued)
        {
            db.Awards.Add(issued.Award);
            await db.SaveChangesAsync(ct);
        }
        return outcome;
    }

    /// <summary>
    /// As <see cref="IssueAsync"/>, but the award is stored by <see cref="AwardCommits"/> together with the awards
    /// of concurrent requests: for callers that need no transaction of their own (the award endpoint).
    /// </summary>
    public async Task<IssueOutcome> IssueGroupedAsync(Guid organisationId, Guid issuedBy, IssueAwardRequest request, AwardCommits commits, CancellationToken ct)
    {
        var outcome = await PrepareAsync(organisationId, issuedBy, request, ct);
        if (outcome is IssueOutcome.Issued issued)
        {
            await commits.StoreAsync(issued.Award);
        }
        return outcome;
    }

    /// Validates the request and builds the signed award without storing it.
    private async Task<IssueOutcome> PrepareAsync(Guid organisationId, Guid issuedBy, IssueAwardRequest request, CancellationToken ct)
    {
        // The slug comes from memory and the key from the key store's cache: awarding costs no reads besides the
        // caller's authorisation and one insert.
        if (await slugs.FindAsync(db, organisationId, ct) is not { } slug)
        {
            return new IssueOutcome.OrganisationMissing();
        }
        return Build(new IssuingOrganisation(organisationId, slug), await keys.GetActiveAsync(organisationId), issuedBy, request);
    }

    /// <summary>
    /// Checks one request and builds its award with both documents, signed, without storing it. Touches no
    /// DbContext, so bulk issuance calls it on several threads at once with one organisation and key.
    /// </summary>
    public IssueOutcome Build(IssuingOrganisation organisation, ActiveIssuerKey key, Guid issuedBy, IssueAwardRequest request)
    {
        var organisationId = organisation.Id;
        // Checked here too: demo seeding and preview awards call the issuer without going through request validation.
        if (!RecipientIdentity.TryNormalizeEmail(request.RecipientEmail, out var email))
        {
            return AwardProblems.EmailInvalid("recipientEmail", request.RecipientEmail);
        }
        if (Resolve(request.Badge) is not (var model, var badge) || model is null || badge is null)
        {
            return BadgeProblem(request.Badge);
        }
        if (model.Status != ModelStatus.Published)
        {
            return AwardProblems.NotPublished(model);
        }

        var now = ObDateTime.IssuedNow(clock);
        var issuedOn = ObDateTime.TruncateToSecond(request.IssuedOn ?? now);
        if (issuedOn > now)
        {
            return AwardProblems.IssuedInFuture();
        }
        DateTimeOffset? expires = request.Expires is { } explicitExpiry
            ? ObDateTime.TruncateToSecond(explicitExpiry)
            : badge.Validity.Months is { } months ? issuedOn.AddMonths(months) : null;
        if (expires is { } e && e <= issuedOn)
        {
            return new IssueOutcome.Invalid("expires", "expires.invalid",
                new("Datum poteka mora biti po datumu podelitve.", "The expiry date must be after the issue date."));
        }
        if (expires is { } e2 && e2 <= now)
        {
            return AwardProblems.AlreadyExpired("expires");
        }
        var evidence = (request.Evidence ?? []).Select((item, i) => (item, i)).ToList();
        if (evidence.FirstOrDefault(x => x.item is null || (x.item.Url is null && string.IsNullOrWhiteSpace(x.item.Narrative))) is { } empty && empty != default)
        {
            return new IssueOutcome.Invalid($"evidence[{empty.i}]", "evidenceUrl.empty",
                new("Vsako dokazilo potrebuje povezavo ali opis.", "Each evidence item needs a url or a narrative."));
        }
        // Checked here as well as by the request's attributes: a non-http link must never reach a signed document.
        if (evidence.FirstOrDefault(x => x.item.Url is not null && !HttpUrlAttribute.IsHttpUrl(x.item.Url)) is { } badLink && badLink != default)
        {
            return AwardProblems.EvidenceNotHttp($"evidence[{badLink.i}].url");
        }

        var id = Identifiers.NewUrlSafeId();
        var signedUuid = Guid.NewGuid();
        var recipient = RecipientIdentity.ForEmail(email);
        var badgeClass = urls.BadgeClass(organisation.Slug, model.Id, model.Version.ToString(), badge.Id);
        var obEvidence = evidence.Select(x => new BadgeEvidence(x.item.Url is null ? null : new Uri(x.item.Url), x.item.Narrative)).ToList();

        var hosted = OpenBadgesDocuments.Assertion(new BadgeAssertion(urls.Assertion(id).ToString(), recipient, badgeClass, AssertionVerification.Hosted, issuedOn)
        {
            Expires = expires,
            Image = urls.AssertionImage(id, "png"),
            Evidence = obEvidence,
            Narrative = request.Narrative,
        });
        var signed = OpenBadgesDocuments.Assertion(new BadgeAssertion($"urn:uuid:{signedUuid:D}", recipient, badgeClass,
            AssertionVerification.Signed(urls.IssuerKey(organisation.Slug, key.KeyId)), issuedOn)
        {
            Expires = expires,
            Image = urls.SignedAssertionImage(id, "png"),
            Evidence = obEvidence,
            Narrative = request.Narrative,
        });

        var award = new Award
        {
            Id = id,
            OrganisationId = organisationId,
            ModelId = model.Id,
            ModelVersion = model.Version.ToString(),
            BadgeId = badge.Id,
            RecipientEmail = email,
            RecipientSalt = recipient.Salt,
            RecipientIdentity = recipient.Identity,
            RecipientName = string.IsNullOrWhiteSpace(request.RecipientName) ? null : request.RecipientName.Trim(),
            ShowRecipientName = request.ShowRecipientName,
            RecipientIsMinor = request.RecipientIsMinor ?? false,
            IssuedOn = issuedOn.UtcDateTime,
            ExpiresAt = expires?.UtcDateTime,
            Narrative = request.Narrative,
            EvidenceJson = JsonSerializer.Serialize(evidence.Select(x => new { url = x.item.Url, narrative = x.item.Narrative })),
            IssuedByAccountId = issuedBy,
            SigningKeyId = key.KeyId,
            SignedUuid = signedUuid,
            HostedJson = Encoding.UTF8.GetString(hosted),
            Jws = Jws.Sign(signed, key.PrivateKey),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        return new IssueOutcome.Issued(award, organisation);
    }

    /// The model version and badge of "model@version/badge", or nulls.
    public (CompetencyModel? Model, BadgeDefinition? Badge)? Resolve(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !ModelReference.TryParse(reference[..slash], out var modelReference))
        {
            return null;
        }
        var model = registry.Catalog.Find(modelReference);
        return (model, model?.FindBadge(reference[(slash + 1)..]));
    }

    public IssueOutcome.Invalid BadgeProblem(string reference) => AwardProblems.BadgeNotFound(reference, registry.Catalog);
}

/// <summary>
/// The issuer's problems that other features check too (bulk issuance's dry run), in both languages with their codes, so
/// that a problem reads the same whether the dry run or the issuer found it.
/// </summary>
public static class AwardProblems
{
    /// What is wrong with a badge reference that does not resolve to a badge of a loaded model version.
    public static IssueOutcome.Invalid BadgeNotFound(string reference, CompetencyModelCatalog catalog)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !ModelReference.TryParse(reference[..slash], out var modelReference))
        {
            return new("badge", "badge.reference", new(
                $"'{reference}' ni sklic na značko: zapišite ga kot model@različica/značka, npr. as-aktiviraj-se@1.0.0/as.zakljucek.",
                $"'{reference}' is not a badge reference: write it as model@version/badge, e.g. as-aktiviraj-se@1.0.0/as.zakljucek."));
        }
        if (catalog.Find(modelReference) is not { } model)
        {
            var known = string.Join(", ", catalog.Versions(modelReference.Id).Select(m => m.Version.ToString()));
            return known.Length == 0
                ? new("badge", "badge.model-unknown", new(
                    $"Kompetenčnega modela '{modelReference.Id}' ni.", $"There is no competency model '{modelReference.Id}'."))
                : new("badge", "badge.version-unknown", new(
                    $"Model '{modelReference.Id}' nima različice {modelReference.Version}; ima {known}.",
                    $"Model '{modelReference.Id}' has no version {modelReference.Version}; it has {known}."));
        }
        var badge = reference[(slash + 1)..];
        return new("badge", "badge.unknown", new($"{model.Reference} nima značke '{badge}'.", $"{model.Reference} has no badge '{badge}'."));
    }

    public static IssueOutcome.Invalid NotPublished(CompetencyModel model)
    {
        var status = model.Status.ToString().ToLowerInvariant();
        var statusSl = model.Status switch
        {
            ModelStatus.Draft => "osnutek",
            ModelStatus.Retired => "umaknjen",
            _ => status,
        };
        return new("badge", "badge.not-published", new(
            $"{model.Reference} je {statusSl}: značke se podeljujejo le iz objavljenih različic modelov.",
            $"{model.Reference} is {status}: badges are awarded only from published model versions."));
    }

    public static IssueOutcome.Invalid EmailInvalid(string field, string value) => new(field, "email.invalid",
        new($"'{value}' ni e-poštni naslov.", $"'{value}' is not an email address."));

    public static IssueOutcome.Invalid AlreadyExpired(string field) => new(field, "issuedOn.expired", new(
        "Značka bi že potekla; preverite datum podelitve ali potek.", "The badge would already be expired; check the issue date or the expiry."));

    public static IssueOutcome.Invalid IssuedInFuture() => new("issuedOn", "issuedOn.future", new(
        "Datum podelitve je v prihodnosti; značka se podeli le za tisto, kar se je že zgodilo.",
        "The issue date is in the future; a badge can only be awarded for what has happened."));

    public static IssueOutcome.Invalid EvidenceNotHttp(string field) => new(field, "evidenceUrl.invalid", new(
        "Povezave do dokazil morajo biti absolutni naslovi URL http ali https.", "Evidence links must be absolute http or https URLs."));
}
