using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Assertions;

/// What replacing an award came to.
public abstract record SupersedeOutcome
{
    /// <param name="Old">The replaced award as it now stands (linked, and revoked for a correction).</param>
    /// <param name="New">The successor, stored.</param>
    public sealed record Superseded(Award Old, Award New, IssuingOrganisation Organisation) : SupersedeOutcome;

    /// <param name="Field">The request field at fault, as written in JSON.</param>
    public sealed record Invalid(string Field, string Message) : SupersedeOutcome;

    /// No such award in this organisation (or no such organisation).
    public sealed record AwardMissing : SupersedeOutcome;

    /// The award can no longer be replaced: it is revoked, or already superseded.
    public sealed record Conflict(string Message) : SupersedeOutcome;
}

public sealed partial class AwardIssuer
{
    /// <summary>
    /// Replaces award <paramref name="oldAwardId"/> of the organisation by a new award, in one transaction: the new award
    /// is issued exactly as <see cref="IssueAsync"/> issues (same checks, same signed documents), records
    /// <see cref="Award.SupersedesAwardId"/>, and the old award gets <see cref="Award.SupersededByAwardId"/>,
    /// <see cref="Award.SupersededAt"/> and <see cref="Award.SupersessionKind"/>. Either all of it is stored or none.
    /// </summary>
    /// <remarks>
    /// <para><see cref="SupersessionKind.Correction"/>: the old award was wrong, so it is also revoked by
    /// <paramref name="actorId"/> with the reason "superseded by {new assertion URL}": its hosted URL answers 410 with
    /// that reason and its signed twin appears in the issuer's RevocationList.</para>
    /// <para><see cref="SupersessionKind.Renewal"/>: the old award is only marked superseded and stays valid until its own
    /// expiry; verification pages link old and new versions either way.</para>
    /// <para><paramref name="successor"/> builds the new award's request from the old award; start from
    /// <see cref="RequestFrom"/> so that nothing is lost, e.g. a renewal:
    /// <c>SupersedeAsync(orgId, id, actor, old => AwardIssuer.RequestFrom(old) with { IssuedOn = null, Expires = null }, SupersessionKind.Renewal, ct)</c>
    /// (issued now, expiry from the model's validity). Only the newest version of a chain can be superseded, and never a
    /// revoked one: both are a <see cref="SupersedeOutcome.Conflict"/>, as is losing a race to a concurrent supersession.</para>
    /// </remarks>
    public async Task<SupersedeOutcome> SupersedeAsync(
        Guid organisationId, string oldAwardId, Guid actorId, Func<Award, IssueAwardRequest> successor, SupersessionKind kind,
        CancellationToken ct)
    {
        var old = await FindAsync(organisationId, oldAwardId, ct);
        if (old is null)
        {
            return new SupersedeOutcome.AwardMissing();
        }
        if (Blocked(old) is { } blocked)
        {
            return blocked;
        }
        switch (await PrepareAsync(organisationId, actorId, successor(old), ct))
        {
            case IssueOutcome.Invalid invalid:
                return new SupersedeOutcome.Invalid(invalid.Field, invalid.Message);
            case IssueOutcome.Issued { Award: var award, Organisation: var organisation }:
                award.SupersedesAwardId = old.Id;
                // A correction of the same badge was earned by the same criteria: it keeps the stored trace (criteria
                // met, assessors). A renewal, or a correction to another badge, brings its own or none.
                if (kind == SupersessionKind.Correction && award.CriteriaTraceJson is null
                    && (award.ModelId, award.ModelVersion, award.BadgeId) == (old.ModelId, old.ModelVersion, old.BadgeId))
                {
                    award.CriteriaTraceJson = old.CriteriaTraceJson;
                }
                var now = clock.GetUtcNow().UtcDateTime;
                var revoke = kind == SupersessionKind.Correction;
                DateTime? revokedAt = revoke ? now : null;
                var reason = revoke ? $"superseded by {urls.Assertion(award.Id)}" : null;
                Guid? revokedBy = revoke ? actorId : null;

                await using (var transaction = await db.Database.BeginTransactionAsync(ct))
                {
                    // Claims the old award first: of two concurrent supersessions the second finds it taken and changes
                    // nothing (the row lock makes it wait for the first to commit, then re-check the condition).
                    var claimed = await db.Awards
                        .Where(a => a.Id == old.Id && a.SupersededByAwardId == null && a.RevokedAt == null)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(a => a.SupersededByAwardId, award.Id)
                            .SetProperty(a => a.SupersededAt, now)
                            .SetProperty(a => a.SupersessionKind, kind)
                            .SetProperty(a => a.RevokedAt, revokedAt)
                            .SetProperty(a => a.RevocationReason, reason)
                            .SetProperty(a => a.RevokedByAccountId, revokedBy), ct);
                    if (claimed == 0)
                    {
                        await transaction.RollbackAsync(ct);
                        var current = await FindAsync(organisationId, oldAwardId, ct);
                        return current is null ? new SupersedeOutcome.AwardMissing()
                            : Blocked(current) ?? new SupersedeOutcome.Conflict($"Assertion '{oldAwardId}' changed meanwhile; try again.");
                    }
                    db.Awards.Add(award);
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                }
                HostedAssertionEndpoints.Forget(cache, old.Id);
                old.SupersededByAwardId = award.Id;
                old.SupersededAt = now;
                old.SupersessionKind = kind;
                old.RevokedAt = revokedAt;
                old.RevocationReason = reason;
                old.RevokedByAccountId = revokedBy;
                return new SupersedeOutcome.Superseded(old, award, organisation);
            default:
                return new SupersedeOutcome.AwardMissing();
        }
    }

    /// <summary>
    /// The request that would issue <paramref name="award"/> again as it is: same badge, recipient, name and consent,
    /// dates, evidence, narrative and minor flag. Callers of <see cref="SupersedeAsync"/> change what differs with <c>with</c>.
    /// </summary>
    public static IssueAwardRequest RequestFrom(Award award) => new(
        $"{award.ModelId}@{award.ModelVersion}/{award.BadgeId}",
        award.RecipientEmail,
        award.RecipientName,
        award.ShowRecipientName,
        AsUtc(award.IssuedOn),
        award.ExpiresAt is { } expires ? AsUtc(expires) : null,
        JsonSerializer.Deserialize<EvidenceRequest[]>(award.EvidenceJson, JsonSerializerOptions.Web),
        award.Narrative,
        award.RecipientIsMinor);

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private Task<Award?> FindAsync(Guid organisationId, string awardId, CancellationToken ct) =>
        awardId.Length > 64
            ? Task.FromResult<Award?>(null)
            : db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == awardId && a.OrganisationId == organisationId, ct);

    private SupersedeOutcome.Conflict? Blocked(Award award) =>
        award.SupersededByAwardId is { } newer
            ? new($"Assertion '{award.Id}' was already superseded by {urls.Assertion(newer)}: correct or renew the newest version.")
            : award.RevokedAt is not null
                ? new($"Assertion '{award.Id}' was revoked on {award.RevokedAt:yyyy-MM-dd} ({award.RevocationReason}); a revoked badge is not corrected but issued anew.")
                : null;
}

/// <summary>
/// A correction of an award: only what changes. Every absent (null) field keeps the old award's value; an empty
/// <paramref name="RecipientName"/> or <paramref name="Narrative"/> removes it, and an empty <paramref name="Evidence"/>
/// list removes all evidence.
/// </summary>
/// <param name="Badge">Another badge, as "model@version/badge".</param>
/// <param name="RecipientEmail">The right email of the earner.</param>
/// <param name="RecipientName">The right name of the earner.</param>
/// <param name="ShowRecipientName">Whether the earner agreed to show the name publicly.</param>
/// <param name="IssuedOn">The right issue date.</param>
/// <param name="Expires">The right expiry.</param>
/// <param name="Evidence">The complete corrected evidence list.</param>
/// <param name="Narrative">The corrected narrative, in Markdown.</param>
/// <param name="RecipientIsMinor">Whether the earner is a minor.</param>
public sealed record CorrectAwardRequest(
    [MaxLength(300)] string? Badge,
    [MaxLength(320), Email] string? RecipientEmail,
    [MaxLength(200)] string? RecipientName,
    bool? ShowRecipientName,
    DateTimeOffset? IssuedOn,
    DateTimeOffset? Expires,
    [MaxLength(20)] EvidenceRequest[]? Evidence,
    [MaxLength(4000)] string? Narrative,
    bool? RecipientIsMinor = null)
{
    /// The old award's request with this correction applied.
    public IssueAwardRequest ApplyTo(IssueAwardRequest old) => old with
    {
        Badge = Badge ?? old.Badge,
        RecipientEmail = RecipientEmail ?? old.RecipientEmail,
        RecipientName = RecipientName is null ? old.RecipientName : NullIfBlank(RecipientName),
        ShowRecipientName = ShowRecipientName ?? old.ShowRecipientName,
        IssuedOn = IssuedOn ?? old.IssuedOn,
        Expires = Expires ?? old.Expires,
        Evidence = Evidence ?? old.Evidence,
        Narrative = Narrative is null ? old.Narrative : NullIfBlank(Narrative),
        RecipientIsMinor = RecipientIsMinor ?? old.RecipientIsMinor,
    };

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
