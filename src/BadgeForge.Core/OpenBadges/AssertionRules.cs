namespace BadgeForge.Core.OpenBadges;

/// <summary>
/// Issuance-time rules that validators apply to an assertion but that depend on the clock or on the issuer, so the
/// document builders cannot enforce them (CHECKLIST §0.2, §5).
/// </summary>
public static class AssertionRules
{
    /// <summary>
    /// Problems a validator would report right now: <c>issuedOn</c> in the future (PYV has no skew tolerance),
    /// <c>expires</c> not after <c>issuedOn</c>, or already expired. Empty when the assertion is currently valid.
    /// Serving an expired assertion is still correct; this is for deciding whether to issue.
    /// </summary>
    public static IReadOnlyList<string> CheckTimestamps(BadgeAssertion assertion, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var issuedOn = ObDateTime.TruncateToSecond(assertion.IssuedOn);
        var problems = new List<string>();
        if (issuedOn > now)
        {
            problems.Add($"issuedOn {ObDateTime.Format(issuedOn)} is in the future.");
        }
        if (assertion.Expires is { } expires)
        {
            var expiresUtc = ObDateTime.TruncateToSecond(expires);
            if (expiresUtc <= issuedOn)
            {
                problems.Add($"expires {ObDateTime.Format(expiresUtc)} is not after issuedOn {ObDateTime.Format(issuedOn)}.");
            }
            if (expiresUtc <= now)
            {
                problems.Add($"expires {ObDateTime.Format(expiresUtc)} has passed.");
            }
        }
        return problems;
    }

    /// <summary>
    /// Whether a hosted assertion URL is in the issuer's default verification scope: same scheme, host and port as the
    /// issuer Profile id. PYV's HOSTED_ID_IN_VERIFICATION_SCOPE compares the URL authority (host[:port]) and fails
    /// e.g. for <c>localhost</c> vs <c>127.0.0.1</c> (CHECKLIST §0.2, §2.5.2, §3 step 4).
    /// </summary>
    public static bool IsInHostedScope(Uri assertionId, Uri issuerId)
    {
        ArgumentNullException.ThrowIfNull(assertionId);
        ArgumentNullException.ThrowIfNull(issuerId);
        return OpenBadgesGuard.IsHttpUrl(assertionId) && OpenBadgesGuard.IsHttpUrl(issuerId)
            && string.Equals(assertionId.Scheme, issuerId.Scheme, StringComparison.Ordinal)
            && string.Equals(assertionId.IdnHost, issuerId.IdnHost, StringComparison.OrdinalIgnoreCase)
            && assertionId.Port == issuerId.Port;
    }
}
