using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Features.Assertions;

/// <param name="Badge">The badge as "model@version/badge", e.g. "as-aktiviraj-se@1.0.0/as.zakljucek".</param>
/// <param name="RecipientEmail">The earner's email; only its salted hash appears in the badge.</param>
/// <param name="RecipientName">The earner's name, shown publicly only with <paramref name="ShowRecipientName"/>.</param>
/// <param name="ShowRecipientName">The earner agreed that the name appears on the public verification page.</param>
/// <param name="IssuedOn">When it was earned (not in the future); now if absent.</param>
/// <param name="Expires">Overrides the expiry that the model's validity gives.</param>
/// <param name="Evidence">Links and descriptions of the work behind the badge.</param>
/// <param name="Narrative">What the earner did, in Markdown.</param>
/// <param name="RecipientIsMinor">The earner is a minor: they can then never make the badge public in their backpack.</param>
public sealed record IssueAwardRequest(
    [Required, MaxLength(300)] string Badge,
    [Required, MaxLength(320), Email] string RecipientEmail,
    [MaxLength(200)] string? RecipientName,
    bool ShowRecipientName,
    DateTimeOffset? IssuedOn,
    DateTimeOffset? Expires,
    [MaxLength(20)] EvidenceRequest[]? Evidence,
    [MaxLength(4000)] string? Narrative,
    bool? RecipientIsMinor = null);

/// <param name="Url">Where the evidence is (http or https).</param>
/// <param name="Narrative">What it shows.</param>
public sealed record EvidenceRequest([MaxLength(2048), HttpUrl] string? Url, [MaxLength(4000)] string? Narrative);

/// <param name="Reason">Why the badge is revoked; shown on the verification page and in the revocation list.</param>
public sealed record RevokeAwardRequest([Required, MinLength(3), MaxLength(1000)] string Reason);

/// <param name="Id">Assertion id.</param>
/// <param name="Url">Hosted assertion URL: JSON-LD for Open Badges clients, the verification page for browsers.</param>
/// <param name="Badge">model@version/badge.</param>
/// <param name="BadgeClass">BadgeClass URL.</param>
/// <param name="RecipientEmail">Normalised email.</param>
/// <param name="RecipientName">Name, if given.</param>
/// <param name="ShowRecipientName">Name shown publicly.</param>
/// <param name="IssuedOn">Issue time (UTC).</param>
/// <param name="ExpiresAt">Expiry (UTC), if any.</param>
/// <param name="RevokedAt">Revocation time, if revoked.</param>
/// <param name="RevocationReason">Reason, if revoked.</param>
/// <param name="Links">Every form of the badge.</param>
/// <param name="Supersedes">The id of the award this one corrected or renewed, if any.</param>
/// <param name="SupersededBy">The id of the award that corrected or renewed this one, if any.</param>
public sealed record AwardResponse(
    string Id, string Url, string Badge, string BadgeClass, string RecipientEmail, string? RecipientName, bool ShowRecipientName,
    DateTime IssuedOn, DateTime? ExpiresAt, DateTime? RevokedAt, string? RevocationReason, AwardLinks Links,
    string? Supersedes = null, string? SupersededBy = null);

/// <param name="Json">Hosted JSON-LD assertion.</param>
/// <param name="Jws">Signed assertion (compact JWS, RS256).</param>
/// <param name="Png">Baked PNG (hosted).</param>
/// <param name="Svg">Baked SVG (hosted).</param>
/// <param name="SignedPng">Baked PNG with the JWS.</param>
/// <param name="SignedSvg">Baked SVG with the JWS.</param>
/// <param name="QrPng">QR code to the verification page, PNG.</param>
/// <param name="QrSvg">QR code to the verification page, SVG.</param>
public sealed record AwardLinks(string Json, string Jws, string Png, string Svg, string SignedPng, string SignedSvg, string QrPng, string QrSvg);

internal static class AwardMapping
{
    public static AwardResponse ToResponse(this Award a, BadgeUrls urls, string badgeClassUrl) => new(
        a.Id, urls.Assertion(a.Id).ToString(), $"{a.ModelId}@{a.ModelVersion}/{a.BadgeId}", badgeClassUrl, a.RecipientEmail,
        a.RecipientName, a.ShowRecipientName, a.IssuedOn, a.ExpiresAt, a.RevokedAt, a.RevocationReason,
        new AwardLinks(
            urls.Assertion(a.Id).ToString(), urls.AssertionJws(a.Id).ToString(),
            urls.AssertionImage(a.Id, "png").ToString(), urls.AssertionImage(a.Id, "svg").ToString(),
            urls.SignedAssertionImage(a.Id, "png").ToString(), urls.SignedAssertionImage(a.Id, "svg").ToString(),
            urls.AssertionQr(a.Id, "png").ToString(), urls.AssertionQr(a.Id, "svg").ToString()),
        a.SupersedesAwardId, a.SupersededByAwardId);
}
