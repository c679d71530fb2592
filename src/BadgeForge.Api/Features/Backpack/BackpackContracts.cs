using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using BadgeForge.Core;
using BadgeForge.Data.Entities;
using BadgeForge.Api.Infrastructure;

namespace BadgeForge.Api.Features.Backpack;

/// <param name="Email">The address badges were awarded to; a sign-in link goes there if it has any.</param>
public sealed record LoginLinkRequest([Required, MaxLength(320), Email] string Email);

/// <param name="Message">What happens next, in Slovenian and English; the same whether or not the address has badges.</param>
public sealed record LoginLinkAccepted(LocalizedText Message);

/// <param name="Token">The token from the emailed link (…/backpack/login?token=…).</param>
public sealed record LoginRequest([Required, MaxLength(100)] string Token);

/// <param name="Public">True to make the badge public; minors' badges can never be.</param>
public sealed record VisibilityRequest(bool Public);

/// <param name="ShowName">Show the earner's name on the shared page.</param>
/// <param name="ShowEvidence">Show the evidence links and descriptions on the shared page.</param>
/// <param name="ExpiresInDays">How long the link works, 1 to 365 days.</param>
public sealed record CreateShareRequest(bool ShowName, bool ShowEvidence, [Range(1, 365)] int ExpiresInDays);

public enum BadgeStatus
{
    Valid,
    Expired,
    Revoked,
    /// Corrected or renewed: a newer award replaces it (see supersededBy).
    Superseded,
}

/// <param name="Id">Assertion id.</param>
/// <param name="Badge">model@version/badge.</param>
/// <param name="Title">The badge's title in Slovenian and English.</param>
/// <param name="Issuer">Who awarded it.</param>
/// <param name="IssuedOn">Issue time (UTC).</param>
/// <param name="ExpiresAt">Expiry (UTC), if any.</param>
/// <param name="RevokedAt">Revocation time (UTC), if revoked.</param>
/// <param name="RevocationReason">The issuer's reason, if revoked.</param>
/// <param name="Status">Valid, expired, revoked or superseded (corrected or renewed), now.</param>
/// <param name="Public">The earner made it public (private by default).</param>
/// <param name="RecipientIsMinor">Awarded to a minor: it can never be made public.</param>
/// <param name="Links">Every form of the badge, and LinkedIn's "Add to profile".</param>
/// <param name="SupersededBy">The id of the award that replaced this one (a correction or renewal), if any.</param>
public sealed record BackpackBadge(
    string Id, string Badge, LocalizedText Title, BackpackIssuer Issuer, DateTime IssuedOn, DateTime? ExpiresAt, DateTime? RevokedAt,
    string? RevocationReason, BadgeStatus Status, bool Public, bool RecipientIsMinor, BackpackLinks Links, string? SupersededBy);

/// <param name="Slug">Issuer slug.</param>
/// <param name="Name">Issuer name in both languages.</param>
/// <param name="Url">Issuer's website.</param>
/// <param name="Profile">Open Badges issuer Profile URL.</param>
public sealed record BackpackIssuer(string Slug, LocalizedText Name, string Url, string Profile);

/// <param name="Json">Hosted JSON-LD assertion (also the verification page in a browser).</param>
/// <param name="Jws">Signed assertion (compact JWS).</param>
/// <param name="Png">Baked PNG.</param>
/// <param name="Svg">Baked SVG.</param>
/// <param name="SignedPng">PNG with the JWS baked in.</param>
/// <param name="Qr">QR code (PNG) leading to the verification page.</param>
/// <param name="LinkedIn">LinkedIn "Add to profile" URL for a licence or certification.</param>
public sealed record BackpackLinks(string Json, string Jws, string Png, string Svg, string SignedPng, string Qr, string LinkedIn);

/// <param name="Id">Share link id (for DELETE /api/backpack/shares/{id}).</param>
/// <param name="AssertionId">The badge shared.</param>
/// <param name="Url">The link to give away.</param>
/// <param name="QrPng">A QR code of the link.</param>
/// <param name="ShowName">The page shows the earner's name.</param>
/// <param name="ShowEvidence">The page shows the evidence.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
/// <param name="ExpiresAt">When it stops working (UTC).</param>
/// <param name="RevokedAt">When the earner revoked it (UTC), if so.</param>
/// <param name="Active">It works now: neither expired nor revoked.</param>
public sealed record ShareResponse(
    Guid Id, string AssertionId, string Url, string QrPng, bool ShowName, bool ShowEvidence, DateTime CreatedAt, DateTime ExpiresAt,
    DateTime? RevokedAt, bool Active);

/// <param name="Account">The account itself.</param>
/// <param name="Memberships">Roles in organisations.</param>
/// <param name="Awards">Every award to the account's email, with the documents as issued.</param>
/// <param name="Shares">Share links, including expired and revoked ones.</param>
/// <param name="BadgeSettings">Visibility choices.</param>
/// <param name="LoginLinks">Sign-in links sent to the email (times only; the tokens are never stored).</param>
/// <param name="ExportedAt">When this export was made (UTC).</param>
public sealed record BackpackExport(
    ExportAccount Account, List<ExportMembership> Memberships, List<ExportAward> Awards, List<ShareResponse> Shares,
    List<ExportBadgeSetting> BadgeSettings, List<ExportLoginLink> LoginLinks, DateTime ExportedAt);

/// <param name="Id">Account id.</param>
/// <param name="Email">Email (normalised).</param>
/// <param name="DisplayName">Display name.</param>
/// <param name="PreferredLanguage">sl or en.</param>
/// <param name="IsPlatformAdmin">Platform administrator.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
public sealed record ExportAccount(Guid Id, string Email, string DisplayName, string PreferredLanguage, bool IsPlatformAdmin, DateTime CreatedAt);

/// <param name="OrganisationId">Organisation id.</param>
/// <param name="OrganisationSlug">Organisation slug.</param>
/// <param name="Role">Role held.</param>
/// <param name="CreatedAt">Since when (UTC).</param>
public sealed record ExportMembership(Guid OrganisationId, string OrganisationSlug, OrganisationRole Role, DateTime CreatedAt);

/// <param name="Badge">The award as the backpack lists it.</param>
/// <param name="RecipientName">The name the issuer recorded.</param>
/// <param name="ShowRecipientName">The issuer recorded consent to show the name.</param>
/// <param name="Narrative">What the earner did.</param>
/// <param name="Evidence">Evidence as the issuer gave it.</param>
/// <param name="HostedAssertion">The hosted Open Badges assertion, as issued.</param>
/// <param name="Jws">The signed assertion, as issued.</param>
public sealed record ExportAward(
    BackpackBadge Badge, string? RecipientName, bool ShowRecipientName, string? Narrative, JsonElement Evidence, JsonElement HostedAssertion, string Jws);

/// <param name="AssertionId">The badge.</param>
/// <param name="Public">Made public.</param>
/// <param name="UpdatedAt">Last change (UTC).</param>
public sealed record ExportBadgeSetting(string AssertionId, bool Public, DateTime UpdatedAt);

/// <param name="CreatedAt">Sent (UTC).</param>
/// <param name="ExpiresAt">Expiry (UTC).</param>
/// <param name="UsedAt">Used (UTC), if so.</param>
public sealed record ExportLoginLink(DateTime CreatedAt, DateTime ExpiresAt, DateTime? UsedAt);
