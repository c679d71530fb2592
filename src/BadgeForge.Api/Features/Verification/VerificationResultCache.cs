using System.Security.Cryptography;
using System.Text;
using BadgeForge.Core.Verification;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BadgeForge.Api.Features.Verification;

/// <summary>
/// Remembers, for a few seconds, the verify API's report on one exact input (the same URL, JSON or JWS text and the
/// same recipient e-mail), so that the same badge checked again and again (an employer reloading, a shared link
/// opened by many, one QR code scanned by a room) is answered without running the checks again.
/// </summary>
/// <remarks>
/// Only reports built from our own documents alone are kept, and only until the oldest changeable document they rest on
/// (issuer profile, revocation list, hosted assertion) is 5 seconds old (<see cref="OwnOriginDocumentFetcher.KeepReportUntil"/>):
/// a revocation on any instance still shows within 5 seconds, as for the documents themselves. A kept report is
/// dropped at once when anything on this instance changes an issuer document or an award (the
/// <see cref="OwnDocumentCache"/> generation is part of the key), after <see cref="VerificationOptions.ResultCacheSeconds"/>
/// at most, and when the badge's expiry or issue date is reached, since either changes the verdict.
/// Images are not kept: their bytes are large and they are rarely posted twice.
/// </remarks>
public sealed class VerificationResultCache(
    IMemoryCache cache, IOptions<VerificationOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock)
{
    /// <param name="Json">The report as the API writes it: a repeat costs no serialisation either.</param>
    private sealed record Entry(VerificationReport Report, byte[] Json, DateTimeOffset ValidUntil);

    /// The key of an input, or null when it is not to be kept. The text is hashed: keys stay small whatever was posted.
    public object? KeyOf(VerificationInput input, string? recipientEmail)
    {
        if (options.Value.ResultCacheSeconds <= 0)
        {
            return null;
        }
        var (kind, text) = input switch
        {
            VerificationInput.Url url => ("url", url.Value.OriginalString),
            VerificationInput.Json json => ("json", json.Value),
            VerificationInput.Jws jws => ("jws", jws.Value),
            _ => (null, null),
        };
        if (kind is null || text is null)
        {
            return null;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{recipientEmail?.Trim()}\n{text}")));
        return ("verification-report", OwnDocumentCache.Generation, hash);
    }

    /// The kept report and its JSON, or false.
    public bool TryGet(object key, out VerificationReport report, out byte[] reportJson)
    {
        if (cache.TryGetValue(key, out Entry? entry) && entry is not null && clock.GetUtcNow() < entry.ValidUntil)
        {
            (report, reportJson) = (entry.Report, entry.Json);
            return true;
        }
        (report, reportJson) = (null!, null!);
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
        var validUntil = checkedAt + TimeSpan.FromSeconds(Math.Min(options.Value.ResultCacheSeconds, OwnDocumentCache.FreshTimeToLive.TotalSeconds));
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
        if (validUntil > checkedAt)
        {
            var size = 512 + reportJson.Length + report.Checks.Sum(c => c.Message.Length * 2 + 64);
            cache.Set(key, new Entry(report, reportJson, validUntil),
                new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = validUntil - checkedAt, Size = size });
        }
        return reportJson;
    }
}
