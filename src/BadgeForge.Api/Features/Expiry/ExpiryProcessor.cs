using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Infrastructure.Email;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BadgeForge.Api.Features.Expiry;

/// <param name="MarkedExpired">Awards whose expiry was recorded in this run.</param>
/// <param name="RemindersSent">Reminders claimed and sent in this run.</param>
/// <param name="Failed">Reminders claimed in this run whose mail failed (recorded, not retried).</param>
public sealed record ExpiryRunResult(int MarkedExpired, int RemindersSent, int Failed);

/// <summary>
/// One pass of the daily expiry work: records which awards have expired and sends the reminders that are due.
/// Safe to run any number of times, on any number of instances at once.
/// </summary>
/// <remarks>
/// <para><b>Which reminder is due.</b> For an award expiring in <c>d</c> days, the due offset is the smallest configured
/// offset that is at least <c>d</c>. It is sent unless a reminder for it or for a smaller offset was already decided. So a
/// job that missed some days still sends the 60-day reminder at 55 days, and an award issued 10 days before its expiry
/// gets only the 14-day one, never two at once.</para>
/// <para><b>Mark, then send.</b> The reminder row is inserted and committed first; its unique (award, offset) key makes
/// that insert the decision, and only the run whose insert succeeded sends. Sending first and recording afterwards
/// would send twice whenever the process dies (or the second instance races) between the two steps; recording first
/// can at worst lose a reminder when the mail fails, and that failure is kept on the row and in the log. Reminders
/// are at most once, as the issue asks.</para>
/// </remarks>
public sealed class ExpiryProcessor(
    BadgeForgeDbContext db, IEmailSender mail, ModelRegistry registry, BadgeUrls badgeUrls, PublicUrls publicUrls,
    IOptions<ExpiryOptions> options, IOptions<JobsOptions> jobs, TimeProvider clock, ILogger<ExpiryProcessor> logger)
{
    public async Task<ExpiryRunResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Hosted documents keep their signed "expires"; the pages compare it with the clock. This records the event.
        var expired = await db.Awards
            .Where(a => a.ExpiresAt != null && a.ExpiresAt <= now && a.ExpiredMarkedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiredMarkedAt, now), ct);

        var offsets = options.Value.Offsets;
        var horizon = now.AddDays(offsets[0]);
        var candidates = await db.Awards.AsNoTracking()
            .Where(a => a.ExpiresAt > now && a.ExpiresAt <= horizon && a.RevokedAt == null && a.SupersededByAwardId == null)
            .OrderBy(a => a.ExpiresAt).ThenBy(a => a.Id)
            .Select(a => new Candidate(a.Id, a.ExpiresAt!.Value, a.OrganisationId, a.RecipientEmail))
            .ToListAsync(ct);
        var decided = (await db.ExpiryReminders.AsNoTracking()
                .Where(r => db.Awards.Any(a => a.Id == r.AwardId && a.ExpiresAt > now && a.ExpiresAt <= horizon))
                .Select(r => new { r.AwardId, r.OffsetDays }).ToListAsync(ct))
            .ToLookup(r => r.AwardId, r => r.OffsetDays);

        int sent = 0, failed = 0;
        var dueReminders = candidates
            .Select(c => (Candidate: c, Due: offsets.Where(d => c.ExpiresAt <= now.AddDays(d)).Min()))
            .Where(x => !decided[x.Candidate.Id].Any(d => d <= x.Due));
        foreach (var page in dueReminders.Chunk(PageSize))
        {
            // The organisations and earners' languages of a page in two queries, not two per award.
            var organisationIds = page.Select(x => x.Candidate.OrganisationId).Distinct().ToList();
            var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var emails = page.Select(x => x.Candidate.RecipientEmail).Distinct().ToList();
            var preferred = await db.Accounts.AsNoTracking().Where(a => emails.Contains(a.Email))
                .ToDictionaryAsync(a => a.Email, a => a.PreferredLanguage, StringComparer.Ordinal, ct);
            var languages = emails.ToDictionary(e => e, e => Language(preferred.GetValueOrDefault(e)), StringComparer.Ordinal);
            foreach (var (candidate, due) in page)
            {
                ct.ThrowIfCancellationRequested();
                // An award's organisation and recipient never change (a correction is a new award): the page's lookups hold.
                switch (await RemindAsync(candidate.Id, due, now, organisations[candidate.OrganisationId], languages[candidate.RecipientEmail], ct))
                {
                    case true:
                        sent++;
                        break;
                    case false:
                        failed++;
                        break;
                }
            }
        }
        if (expired > 0 || sent > 0 || failed > 0)
        {
            logger.LogInformation("Expiry run: {Expired} award(s) marked expired, {Sent} reminder(s) sent, {Failed} failed",
                expired, sent, failed);
        }
        return new ExpiryRunResult(expired, sent, failed);
    }

    /// Claims the reminder and sends it: true if sent, false if claimed but the mail failed, null if not claimed
    /// (another run decided it first, or the award changed meanwhile).
    private async Task<bool?> RemindAsync(
        string awardId, int offsetDays, DateTime now, Organisation organisation, string language, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var award = await db.Awards.AsNoTracking().SingleOrDefaultAsync(a => a.Id == awardId, ct);
        if (award is null || award.RevokedAt is not null || award.SupersededByAwardId is not null || award.ExpiresAt is not { } expiresAt || expiresAt <= now)
        {
            return null;
        }

        var reminder = new ExpiryReminder
        {
            Id = Guid.NewGuid(),
            AwardId = awardId,
            OffsetDays = offsetDays,
            Language = language,
            DecidedAt = now,
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // Re-checked inside the transaction that records the decision: a smaller offset decided meanwhile wins.
            if (await db.ExpiryReminders.AnyAsync(r => r.AwardId == awardId && r.OffsetDays <= offsetDays, ct))
            {
                return null;
            }
            db.ExpiryReminders.Add(reminder);
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The unique (award, offset) key: another run claimed this reminder first.
                db.ChangeTracker.Clear();
                return null;
            }
        }

        var model = registry.Catalog.Find(new ModelReference(award.ModelId, SemanticVersion.Parse(award.ModelVersion)));
        var badge = model?.FindBadge(award.BadgeId);
        var content = new ExpiryReminderMail.Content(
            language,
            badge?.Title.In(language) ?? award.BadgeId,
            organisation.Name.In(language),
            organisation.Email,
            award.RecipientName,
            award.RecipientEmail,
            ExpiryReminderMail.FormatInstant(expiresAt, language, jobs.Value.TimeZone),
            badgeUrls.Assertion(award.Id).ToString(),
            publicUrls.For("/backpack"),
            badge?.Validity.Renewal?.Narrative.In(language),
            badge?.Criteria.Narrative.In(language));
        try
        {
            await mail.SendAsync(ExpiryReminderMail.ForEarner(content), ct);
            await mail.SendAsync(ExpiryReminderMail.ForOrganisation(content), ct);
            reminder.SentAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not retried: the row already says "decided". The message is kept without addresses (personal data).
            logger.LogWarning(e, "Expiry reminder {Offset} days for award {AwardId} could not be sent", offsetDays, awardId);
            reminder.FailedAt = clock.GetUtcNow().UtcDateTime;
            reminder.Error = e.GetType().Name + ": " + (e.Message.Length > 900 ? e.Message[..900] : e.Message);
            await db.SaveChangesAsync(CancellationToken.None);
            return false;
        }
    }

    /// <summary>
    /// The earner's language: the preference of the BadgeForge account with the award's email (earners get one by
    /// signing in to their backpack; staff accounts have one too), otherwise Slovenian, the programmes' language.
    /// </summary>
    private static string Language(string? preferred) => preferred == "en" ? "en" : "sl";

    /// Reminders due are handled a page at a time: one query for the page's organisations and one for its earners.
    private const int PageSize = 200;

    private sealed record Candidate(string Id, DateTime ExpiresAt, Guid OrganisationId, string RecipientEmail);
}
