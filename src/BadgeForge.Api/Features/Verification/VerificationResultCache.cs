using System.Security.Cryptography;
using System.Text;
using BadgeForge.Core.Verification;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BadgeForge.Api.Features.Verification;

/// <summary>
/// Remembers, for a few seconds, the verify API's report on one exact signed badge (the same JWS text and the same
/// recipient e-mail), so that the same badge checked again and again (an employer re-posting a file, a script checking
/// a list twice) is answered without running the checks again.
/// </summary>
/// <remarks>
/// Only reports built from our own documents alone are kept, and only until the oldest changeable document they rest on
/// (issuer profile, revocation list, hosted assertion) is 5 seconds old (<see cref="OwnOriginDocumentFetcher.KeepReportUntil"/>):
/// a revocation on any instance still shows within 5 seconds, as for the documents themselves. A kept report is
/// dropped at once when anything on this instance changes an issuer document or an award (the
/// <see cref="OwnDocumentCache"/> generation is part of the key), after <see cref="VerificationOptions.ResultCacheSeconds"/>
/// at most, and when the badge's expiry or issue date is reached, since either changes the verdict.
/// Only JWS input is kept. A hosted badge (URL or JSON input) rests on the hosted assertion itself, which its endpoint
/// may already have cached for 5 seconds, so its report could never be kept without breaking the 5-second rule.
/// Images are not kept: their bytes are large and they are rarely posted twice.
/// </remarks>
public sealed class VerificationResultCache(
    IMemoryCache cache, IOptions<VerificationOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock)
{
    /// <param name="Json">The report as the API writes it: a repeat costs no serialisation either.</param>
    private sealed record Entry(byte[] Json, DateTimeOffset ValidUntil);

    /// The key of an input, or null when it is not to be kept. The text is hashed: keys stay small whatever was posted.
    public object? KeyOf(VerificationInput input, string? recipientEmail)
    {
        if (options.Value.ResultCacheSeconds <= 0)
        {
            return null;
        }
        if (input is not VerificationInput.Jws { Value: var jws })
        {
            return null;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{recipientEmail?.Trim()}\n{jws}")));
        return ("verification-report", OwnDocumentCache.Generation, hash);
    }

    /// The kept report's JSON, or false.
    public bool TryGet(object key, out byte[] reportJson)
    {
        if (cache.TryGetValue(key, out Entry? entry) && entry is not null && clock.GetUtcNow() < entry.ValidUntil)
        {
            reportJson = entry.Json;
            return true;
        }
        reportJson = null!;
        return false;
    }

    /// <summary>
    /// Keeps <paramref name="report"/>, judged at <paramref name="checkedAt"/>, until it could change on its own or its
    /// documents are too old, and returns its JSON as the API writes it.
    /// </summary>
    /// <param name="keepUntil">The latest moment the documents behind the report allow (<see cref="OwnOriginDocumentFetcher.KeepReportUntil"/>).</param>
    public byte[] Set(object key, VerificationReport report, DateTimeOffset checkedAt, DateTimeOffset keepUntil)
    {
        var reportJson = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(report, json.Value.SerializerOptions);
        var validUntil = checkedAt + TimeSpan.FromSeconds(options.Value.ResultCacheSeconds);
        if (keepUntil < validUntil)
        {
            validUntil = keepUntil;
        }
        // Dates are judged against the clock: a report must not outlive the moment its badge expires or becomes issued.
        foreach (var moment in new[] { report.Expires, report.IssuedOn })
        {
            if (moment is { } m && m > checkedAt && m < validUntil)
            {
                validUntil = m;
            }
        }
        // Judged against now, not checkedAt: a report whose documents were already too old when it was done is not kept.
        var now = clock.GetUtcNow();
        if (validUntil > now)
        {
            cache.Set(key, new Entry(reportJson, validUntil),
                new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = validUntil - now, Size = 512 + reportJson.Length });
        }
        return reportJson;
    }
}
