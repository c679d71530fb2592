namespace BadgeForge.Core.OpenBadges;

/// <summary>
/// Input for the issuer <c>Profile</c> document (CHECKLIST §2.3). All URLs are absolute and built by the caller from
/// the configured public origin; <see cref="Id"/> must equal the URL the document is served at.
/// </summary>
/// <param name="Id">URL the Profile is served at. Hosted assertions must share its host and port (CHECKLIST §0.2).</param>
/// <param name="Name">Issuer name.</param>
/// <param name="Url">Issuer home page (required by PYV).</param>
/// <param name="Email">Contact e-mail (required by SPEC and JAVAV, although PYV never checks it).</param>
public sealed record IssuerProfile(Uri Id, string Name, Uri Url, string Email)
{
    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Optional PNG or SVG image URL.</summary>
    public Uri? Image { get; init; }

    /// <summary>URLs of the issuer's CryptographicKey documents; a signing key must be listed here (CHECKLIST §4).</summary>
    public IReadOnlyList<Uri> PublicKeys { get; init; } = [];

    /// <summary>URL of the issuer's RevocationList for signed assertions.</summary>
    public Uri? RevocationList { get; init; }
}

/// <summary>The criteria of a BadgeClass: a URL of a human-readable page, a Markdown narrative, or both (CHECKLIST §2.8).</summary>
/// <param name="Id">URL of the criteria page.</param>
/// <param name="Narrative">Markdown narrative; required when <paramref name="Id"/> is absent.</param>
public sealed record BadgeCriteria(Uri? Id, string? Narrative);

/// <summary>An OB 2.0 AlignmentObject (CHECKLIST §2.9).</summary>
/// <param name="TargetName">Name of the competency or standard (required).</param>
/// <param name="TargetUrl">URL of the competency or standard (required).</param>
public sealed record BadgeAlignment(string TargetName, Uri TargetUrl)
{
    /// <summary>Optional description of the target.</summary>
    public string? TargetDescription { get; init; }

    /// <summary>Optional name of the framework (competency model) the target belongs to.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>Optional code of the target within its framework.</summary>
    public string? TargetCode { get; init; }
}

/// <summary>Input for a <c>BadgeClass</c> document (CHECKLIST §2.2).</summary>
/// <param name="Id">URL the BadgeClass is served at.</param>
/// <param name="Name">Badge name.</param>
/// <param name="Description">Badge description.</param>
/// <param name="Image">URL of the PNG or SVG badge image; it must answer 200 with an image content type.</param>
/// <param name="Criteria">Earning criteria.</param>
/// <param name="Issuer">URL of the issuer Profile.</param>
public sealed record BadgeClassDefinition(Uri Id, string Name, string Description, Uri Image, BadgeCriteria Criteria, Uri Issuer)
{
    /// <summary>Optional tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Optional alignments to competencies.</summary>
    public IReadOnlyList<BadgeAlignment> Alignments { get; init; } = [];
}

/// <summary>How an assertion is verified (CHECKLIST §2.5.1). Create with <see cref="Hosted"/> or <see cref="Signed"/>.</summary>
public sealed record AssertionVerification
{
    private AssertionVerification(string type, Uri? creator)
    {
        Type = type;
        Creator = creator;
    }

    /// <summary>Hosted verification: the assertion is fetched from its <c>id</c> URL.</summary>
    public static AssertionVerification Hosted { get; } = new(OpenBadgesVocabulary.HostedVerification, null);

    /// <summary>
    /// Signed verification by the CryptographicKey at <paramref name="creator"/>. <c>creator</c> is always emitted:
    /// PYV cannot verify without it and JAVAV effectively requires it (CHECKLIST §2.5.1).
    /// </summary>
    public static AssertionVerification Signed(Uri creator) =>
        new(OpenBadgesVocabulary.SignedVerification, OpenBadgesGuard.HttpUrl(creator, nameof(creator)));

    /// <summary>The verification <c>type</c> value.</summary>
    public string Type { get; }

    /// <summary>The signing key URL, for signed verification only.</summary>
    public Uri? Creator { get; }

    /// <summary>Whether this is signed verification.</summary>
    public bool IsSigned => Creator is not null;
}

/// <summary>An Evidence object (CHECKLIST §2.6); all fields optional but at least one must be set.</summary>
/// <param name="Id">URL of the evidence.</param>
/// <param name="Narrative">Markdown narrative of the evidence.</param>
public sealed record BadgeEvidence(Uri? Id, string? Narrative)
{
    /// <summary>Optional name.</summary>
    public string? Name { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Optional genre (e.g. "Portfolio").</summary>
    public string? Genre { get; init; }

    /// <summary>Optional audience.</summary>
    public string? Audience { get; init; }
}

/// <summary>Input for an <c>Assertion</c> document (CHECKLIST §2.1).</summary>
/// <param name="Id">
/// Hosted: the exact http(s) URL the assertion is served at. Signed: a <c>urn:uuid:</c> IRI
/// (<see cref="Identifiers.NewUrnUuid"/>) is recommended.
/// </param>
/// <param name="Recipient">Hashed e-mail recipient.</param>
/// <param name="Badge">URL of the BadgeClass.</param>
/// <param name="Verification">Hosted or signed verification.</param>
/// <param name="IssuedOn">Issue instant; must not be in the future (<see cref="ObDateTime.IssuedNow"/>).</param>
public sealed record BadgeAssertion(string Id, RecipientIdentity Recipient, Uri Badge, AssertionVerification Verification, DateTimeOffset IssuedOn)
{
    /// <summary>Optional expiry; must be after <see cref="IssuedOn"/>.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Optional URL of the baked image (never a data URI: PYV rejects those on assertions, CHECKLIST §2.1).</summary>
    public Uri? Image { get; init; }

    /// <summary>Optional evidence.</summary>
    public IReadOnlyList<BadgeEvidence> Evidence { get; init; } = [];

    /// <summary>Optional Markdown narrative.</summary>
    public string? Narrative { get; init; }

    /// <summary>Whether the assertion is revoked; emitted only when true.</summary>
    public bool Revoked { get; init; }

    /// <summary>Optional reason, emitted only when <see cref="Revoked"/>.</summary>
    public string? RevocationReason { get; init; }
}

/// <summary>Input for a <c>CryptographicKey</c> document (CHECKLIST §2.11).</summary>
/// <param name="Id">URL the key is served at; listed in the issuer's <see cref="IssuerProfile.PublicKeys"/>.</param>
/// <param name="Owner">URL of the issuer Profile.</param>
/// <param name="PublicKeyPem">SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"), see <c>RsaKeys.ExportPublicKeyPem</c>.</param>
public sealed record CryptographicKeyDefinition(Uri Id, Uri Owner, string PublicKeyPem);

/// <summary>One entry of a RevocationList.</summary>
/// <param name="Id">IRI of the revoked assertion (its <c>urn:uuid:</c> for signed badges).</param>
/// <param name="RevocationReason">Optional reason.</param>
public sealed record RevokedAssertion(string Id, string? RevocationReason);

/// <summary>Input for a <c>RevocationList</c> document (CHECKLIST §2.10), used for signed assertions.</summary>
/// <param name="Id">URL the list is served at (the issuer's <see cref="IssuerProfile.RevocationList"/>).</param>
/// <param name="Issuer">URL of the issuer Profile.</param>
/// <param name="RevokedAssertions">Revoked assertions, in the order they should be listed.</param>
public sealed record RevocationListDefinition(Uri Id, Uri Issuer, IReadOnlyList<RevokedAssertion> RevokedAssertions);
