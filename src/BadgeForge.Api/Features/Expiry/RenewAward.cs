using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Features.Trainings;
using BadgeForge.Core;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Expiry;

/// What a renewal request came to.
public abstract record RenewalOutcome
{
    /// <param name="Old">The renewed award, now superseded (not revoked).</param>
    /// <param name="New">The renewed assertion.</param>
    public sealed record Renewed(Award Old, Award New, IssuingOrganisation Organisation) : RenewalOutcome;

    /// <param name="Unmet">Each condition of the renewal rule that does not hold at the renewal instant.</param>
    public sealed record NotMet(DateTime RenewedAt, IReadOnlyList<CriterionTrace> Unmet) : RenewalOutcome;

    /// The award cannot be renewed (no renewal in the model, revoked, already superseded, model version retired).
    public sealed record NotRenewable(string Message) : RenewalOutcome;

    public sealed record AwardMissing : RenewalOutcome;
}

/// <summary>
/// Renewal (competency-models/README.md §8): where the badge's validity defines <c>renewal</c>, the holder may renew at
/// any time, including after expiry. The renewal rule is evaluated with the criteria engine at the renewal instant
/// (windows counted back from it) against the learner's records at the issuing organisation; if it is met, a new award
/// is issued now with expiry now + N months, and the old one is superseded (kind Renewal), not revoked.
/// </summary>
public sealed class AwardRenewal(BadgeForgeDbContext db, ModelRegistry registry, AwardIssuer issuer, TimeProvider clock)
{
    /// <param name="award">The award to renew (the caller has checked it is theirs to renew).</param>
    /// <param name="actorId">Recorded as the new award's issuer account: the staff member, or for an earner's own
    /// request the account that issued the old award (the organisation issues; the earner only asks).</param>
    public async Task<RenewalOutcome> RenewAsync(Award award, Guid actorId, CancellationToken ct)
    {
        var model = registry.Catalog.Find(new ModelReference(award.ModelId, SemanticVersion.Parse(award.ModelVersion)));
        var badge = model?.FindBadge(award.BadgeId);
        if (model is null || badge is null)
        {
            return new RenewalOutcome.NotRenewable($"The model version {award.ModelId}@{award.ModelVersion} of this badge is no longer available.");
        }
        if (badge.Validity.Months is null || badge.Validity.Renewal is null)
        {
            return new RenewalOutcome.NotRenewable(badge.Validity.Months is null
                ? $"'{badge.Id}' does not expire, so there is nothing to renew."
                : $"The model defines no renewal for '{badge.Id}': it is earned again by meeting its full criteria, and then awarded anew.");
        }
        if (award.SupersededByAwardId is not null || award.RevokedAt is not null)
        {
            return new RenewalOutcome.NotRenewable(award.RevokedAt is not null
                ? $"Assertion '{award.Id}' was revoked; a revoked badge is not renewed."
                : $"Assertion '{award.Id}' was already superseded by '{award.SupersededByAwardId}': renew the newest version.");
        }

        var renewedAt = clock.GetUtcNow();
        var records = await RecordsAsync(award, model.Id, ct);
        var result = CriteriaEngine.EvaluateRenewal(model, badge, records, renewedAt, registry.Catalog);
        if (!result.Met)
        {
            return new RenewalOutcome.NotMet(renewedAt.UtcDateTime, [.. result.Leaves.Where(l => !l.Met)]);
        }
        // Issued now, expiry from the model's validity (renewedAt.AddMonths(N)): IssuedOn and Expires left to the issuer.
        return await issuer.SupersedeAsync(award.OrganisationId, award.Id, actorId,
                old => AwardIssuer.RequestFrom(old) with { IssuedOn = null, Expires = null }, SupersessionKind.Renewal, ct) switch
        {
            SupersedeOutcome.Superseded s => new RenewalOutcome.Renewed(s.Old, s.New, s.Organisation),
            SupersedeOutcome.Conflict c => new RenewalOutcome.NotRenewable(c.Message),
            SupersedeOutcome.Invalid i => new RenewalOutcome.NotRenewable(i.Message),
            _ => new RenewalOutcome.AwardMissing(),
        };
    }

    /// The earner's records at the issuing organisation: the learner with the award's email, or none.
    private async Task<LearnerRecords> RecordsAsync(Award award, string modelId, CancellationToken ct)
    {
        var learnerId = await db.LearnerEmails.AsNoTracking().Where(e => e.Email == award.RecipientEmail)
            .Select(e => (Guid?)e.LearnerId).SingleOrDefaultAsync(ct);
        if (learnerId is not { } id)
        {
            return LearnerRecords.Empty(award.RecipientEmail);
        }
        var records = await PreviewAwards.LoadRecordsAsync(db, award.OrganisationId, modelId, [id], ct);
        return records[id];
    }

    /// What each unmet condition required and found, in both languages.
    public static List<LocalizedText> Describe(IEnumerable<CriterionTrace> unmet) => [.. unmet.Select(l => l.Message)];
}
