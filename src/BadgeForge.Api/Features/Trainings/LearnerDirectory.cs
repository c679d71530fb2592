using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Trainings;

/// <summary>
/// Learners are people, not rows of one organisation: enrolling finds a learner by any of their normalised emails
/// and creates one only for an address nobody has used.
/// </summary>
internal static partial class LearnerDirectory
{
    /// The shape Open Badges recipients need (as AwardIssuer checks it): one @ and no spaces.
    public static bool IsEmail(string? value) => value is not null && value.Trim().Length <= 320 && EmailShape().IsMatch(value.Trim());

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial System.Text.RegularExpressions.Regex EmailShape();

    /// <summary>
    /// What is wrong with one learner of an enrolment request, as (field, message), or null. Checked by hand because
    /// request validation does not descend into array items, and an over-long value must be a 400, not a database error.
    /// </summary>
    public static (string Field, string Message)? Check(EnrolLearnerRequest? l)
    {
        if (l is null || !IsEmail(l.Email))
        {
            return ("email", "A valid email is required.");
        }
        foreach (var (field, value, max) in new[]
                 {
                     ("displayName", l.DisplayName, 200), ("phone", l.Phone, 40), ("guardianName", l.GuardianName, 200),
                     ("guardianPhone", l.GuardianPhone, 40),
                 })
        {
            if (value?.Trim().Length > max)
            {
                return (field, $"At most {max} characters.");
            }
        }
        if (l.GuardianEmail is not null && !IsEmail(l.GuardianEmail))
        {
            return ("guardianEmail", "The guardian's email is not valid.");
        }
        if (l.IsMinor && string.IsNullOrWhiteSpace(l.GuardianEmail) && string.IsNullOrWhiteSpace(l.GuardianPhone))
        {
            return ("guardianEmail", "A minor needs a guardian's email or phone.");
        }
        return null;
    }

    /// Enrols the learners, or returns null when a concurrent request created the same learner or enrolment first.
    public static async Task<EnrolResult?> EnrolAsync(
        BadgeForgeDbContext db, TrainingRun run, IReadOnlyList<EnrolLearnerRequest> learners, DateTime now, CancellationToken ct)
    {
        // "Ana@X.si" and "ana@x.si " in one request are one person, enrolled once.
        var requests = learners.GroupBy(l => EmailAddress.Normalise(l.Email)).Select(g => (Email: g.Key, Request: g.First())).ToList();
        var emails = requests.Select(r => r.Email).ToList();
        var known = await db.LearnerEmails.Where(e => emails.Contains(e.Email)).ToDictionaryAsync(e => e.Email, e => e.LearnerId, ct);
        var knownIds = known.Values.Distinct().ToList();
        var enrolled = await db.TrainingEnrolments.Where(e => e.RunId == run.Id && knownIds.Contains(e.LearnerId))
            .ToDictionaryAsync(e => e.LearnerId, ct);
        var defaultJoin = run.StartsOn < now ? run.StartsOn : now;

        var created = new List<TrainingEnrolment>();
        var existing = new List<TrainingEnrolment>();
        foreach (var (email, request) in requests)
        {
            if (!known.TryGetValue(email, out var learnerId))
            {
                var learner = NewLearner(email, request, now);
                db.Learners.Add(learner);
                learnerId = learner.Id;
                known[email] = learnerId;
            }
            if (enrolled.TryGetValue(learnerId, out var enrolment))
            {
                if (!existing.Contains(enrolment) && !created.Contains(enrolment))
                {
                    existing.Add(enrolment);
                }
                continue;
            }
            enrolment = new TrainingEnrolment
            {
                Id = Guid.NewGuid(),
                RunId = run.Id,
                LearnerId = learnerId,
                Email = email,
                DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim(),
                JoinedAt = request.JoinedAt?.UtcDateTime ?? defaultJoin,
                CreatedAt = now,
            };
            db.TrainingEnrolments.Add(enrolment);
            enrolled[learnerId] = enrolment;
            created.Add(enrolment);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A unique index (email or run × learner) caught a concurrent enrolment; nothing of this request was written.
            db.ChangeTracker.Clear();
            return null;
        }
        return new EnrolResult([.. created.Select(e => e.ToResponse())], [.. existing.Select(e => e.ToResponse())]);
    }

    /// The learner enrolled in the run with this email (any case), or null.
    public static async Task<Guid?> EnrolledLearnerAsync(BadgeForgeDbContext db, Guid runId, string email, CancellationToken ct)
    {
        var normalised = EmailAddress.Normalise(email);
        var learnerId = await db.LearnerEmails.Where(e => e.Email == normalised).Select(e => (Guid?)e.LearnerId).SingleOrDefaultAsync(ct);
        return learnerId is { } id && await db.TrainingEnrolments.AnyAsync(e => e.RunId == runId && e.LearnerId == id, ct) ? id : null;
    }

    private static Learner NewLearner(string email, EnrolLearnerRequest request, DateTime now)
    {
        var id = Guid.NewGuid();
        return new Learner
        {
            Id = id,
            Phone = Blank(request.Phone),
            IsMinor = request.IsMinor,
            GuardianName = Blank(request.GuardianName),
            GuardianEmail = request.GuardianEmail is null ? null : EmailAddress.Normalise(request.GuardianEmail),
            GuardianPhone = Blank(request.GuardianPhone),
            ConsentRecords = request.ConsentRecords,
            ConsentPublicName = request.ConsentPublicName,
            CreatedAt = now,
            Emails = [new LearnerEmail { Id = Guid.NewGuid(), LearnerId = id, Email = email, CreatedAt = now }],
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// Which confirmer role (competency-models/README.md §4.2) an account holds at an organisation.
internal static class ConfirmerRoles
{
    /// Trainer if the account trains there, else Organisation for its admins (they confirm on the organisation's
    /// behalf), else null: a role the model's assessor_roles can never contain, so the record is kept but never counts.
    public static async Task<ConfirmerRole?> OfAsync(BadgeForgeDbContext db, Guid orgId, Guid accountId, CancellationToken ct)
    {
        var roles = await db.Memberships.Where(m => m.OrganisationId == orgId && m.AccountId == accountId).Select(m => m.Role).ToListAsync(ct);
        return roles.Contains(OrganisationRole.Trainer) ? ConfirmerRole.Trainer
            : roles.Contains(OrganisationRole.OrganisationAdmin) ? ConfirmerRole.Organisation
            : null;
    }
}
