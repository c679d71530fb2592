using System.Text.RegularExpressions;

namespace BadgeForge.Api.Features.Verification;

/// <summary>
/// How long <see cref="OwnOriginDocumentFetcher"/> keeps its in-process answers for our own issuer documents.
/// Keys (a key id never gets other bytes), BadgeClasses and their images and criteria (fixed per model version) are
/// kept for <see cref="ImmutableTimeToLive"/>; every other issuer document — the Profile (name, keys) and above all
/// the RevocationList — for <see cref="FreshTimeToLive"/>, the same 5 s within which a revocation must show on every
/// instance (as the hosted assertions). A revocation, supersession or new key on this instance calls
/// <see cref="Changed"/>, which makes every kept answer stale at once. Hosted assertions (<c>/assertions/…</c>) are not
/// kept here: their endpoint has its own cache that a revocation drops.
/// </summary>
public static partial class OwnDocumentCache
{
    public static readonly TimeSpan FreshTimeToLive = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ImmutableTimeToLive = TimeSpan.FromMinutes(5);

    private static long _generation;

    /// Called after anything on this instance changed an issuer document (revocation, supersession, key created).
    public static void Changed() => Interlocked.Increment(ref _generation);

    /// Grows with every <see cref="Changed"/>: part of the key of everything derived from our issuer documents.
    public static long Generation => Volatile.Read(ref _generation);

    /// The cache key of a local path (with query) below PublicBaseUrl, or null when it is not kept.
    internal static (string, long, string)? Key(string pathAndQuery) =>
        pathAndQuery.StartsWith("/issuers/", StringComparison.Ordinal) ? ("own-document", Generation, pathAndQuery) : null;

    internal static TimeSpan TimeToLive(string path) => IsImmutable(path) ? ImmutableTimeToLive : FreshTimeToLive;

    /// Keys, BadgeClasses and their images and criteria: documents whose bytes never change.
    internal static bool IsImmutable(string path) => ImmutableDocument().IsMatch(path);

    [GeneratedRegex(@"^/issuers/[^/]+/(keys/[0-9a-fA-F-]+|badges/[^/]+/[^/]+/[^/]+(/image\.(png|svg)|/criteria)?)/?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImmutableDocument();
}
