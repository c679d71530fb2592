namespace BadgeForge.Core.Verification;

/// <summary>Values of <see cref="VerificationReport.Status"/>.</summary>
public static class VerificationStatus
{
    /// <summary>Every check passed (warnings allowed).</summary>
    public const string Valid = "valid";

    /// <summary>The badge is genuine but its <c>expires</c> date has passed; no other check failed.</summary>
    public const string Expired = "expired";

    /// <summary>The issuer revoked the assertion (410 Gone, <c>revoked: true</c>, or a RevocationList entry).</summary>
    public const string Revoked = "revoked";

    /// <summary>A check on the badge itself failed: structure, signature, key ownership, hosting scope, dates, recipient.</summary>
    public const string Invalid = "invalid";

    /// <summary>
    /// No conclusion could be reached: a linked document could not be fetched, a work limit was hit, or the
    /// document is an unsupported Open Badges version (1.x).
    /// </summary>
    public const string Unverifiable = "unverifiable";
}

/// <summary>Values of <see cref="VerificationCheck.Severity"/>, the levels of the 1EdTech validators (CHECKLIST §8).</summary>
public static class VerificationSeverity
{
    /// <summary>A failed check that makes the badge not valid.</summary>
    public const string Error = "error";

    /// <summary>A failed check that does not affect validity (PYV's WARNING level, CHECKLIST §8.2).</summary>
    public const string Warning = "warning";
}

/// <summary>One check of a verification.</summary>
/// <param name="Name">
/// A stable machine name: <c>input</c>, <c>unbake</c>, <c>limits</c>, <c>version</c>, <c>fetch.assertion</c>,
/// <c>fetch.badge</c>, <c>fetch.issuer</c>, <c>fetch.key</c>, <c>fetch.revocationList</c>, <c>fetch.image</c>,
/// <c>structure.assertion</c>, <c>structure.badge</c>, <c>structure.issuer</c>, <c>structure.key</c>,
/// <c>structure.revocationList</c>, <c>hosted.id</c>, <c>hosted.scope</c>, <c>image</c>, <c>signature</c>,
/// <c>key.ownership</c>, <c>revocation</c>, <c>timestamps</c>, <c>expiry</c>, <c>recipient</c>, and <c>internal</c> (a
/// verifier bug stopped the run). A name may occur more than once (one entry per problem found).
/// </param>
/// <param name="Passed">Whether the check passed.</param>
/// <param name="Message">What was checked, or what is wrong, in English.</param>
/// <param name="Severity">Null for a passed check; <see cref="VerificationSeverity.Error"/> or <see cref="VerificationSeverity.Warning"/> for a failed one.</param>
public sealed record VerificationCheck(string Name, bool Passed, string Message, string? Severity);

/// <summary>The result of <see cref="OpenBadgeVerifier.VerifyAsync"/>: every check plus what was learned about the badge.</summary>
public sealed record VerificationReport
{
    /// <summary>Whether the badge is valid: <see cref="Status"/> is <see cref="VerificationStatus.Valid"/>.</summary>
    public bool Valid => Status == VerificationStatus.Valid;

    /// <summary>One of the <see cref="VerificationStatus"/> values.</summary>
    public required string Status { get; init; }

    /// <summary>All checks in the order they ran.</summary>
    public required IReadOnlyList<VerificationCheck> Checks { get; init; }

    /// <summary><c>hosted</c> or <c>signed</c>, once known.</summary>
    public string? VerificationType { get; init; }

    /// <summary>The assertion <c>id</c>.</summary>
    public string? AssertionId { get; init; }

    /// <summary>The BadgeClass <c>id</c>.</summary>
    public string? BadgeId { get; init; }

    /// <summary>The BadgeClass <c>name</c>.</summary>
    public string? BadgeName { get; init; }

    /// <summary>The issuer Profile <c>id</c>.</summary>
    public string? IssuerId { get; init; }

    /// <summary>The issuer Profile <c>name</c>.</summary>
    public string? IssuerName { get; init; }

    /// <summary>The assertion's <c>issuedOn</c>, when it is a valid DateTime.</summary>
    public DateTimeOffset? IssuedOn { get; init; }

    /// <summary>The assertion's <c>expires</c>, when present and a valid DateTime.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The revocation reason given by the issuer, when revoked.</summary>
    public string? RevocationReason { get; init; }

    /// <summary>Whether the recipient e-mail matched; null when no e-mail was given or the recipient could not be read.</summary>
    public bool? RecipientMatched { get; init; }
}
