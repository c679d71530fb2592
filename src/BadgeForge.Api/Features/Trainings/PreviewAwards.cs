using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Enrolment = BadgeForge.Core.Criteria.Enrolment;

namespace BadgeForge.Api.Features.Trainings;

/// <param name="RunId">The run.</param>
/// <param name="AsOf">The evaluation instant (UTC): sessions and records after it do not count.</param>
/// <param name="Qualified">Learner × badge pairs that meet the criteria now.</param>
/// <param name="NotQualified">Pairs that do not.</param>
/// <param name="Entries">One per enrolled learner and badge whose criteria count this training: not met first, nearest miss first; then the qualified.</param>
public sealed record PreviewResponse(Guid RunId, DateTime AsOf, int Qualified, int NotQualified, List<PreviewEntry> Entries);

/// <param name="LearnerId">The learner.</param>
/// <param name="Email">The email the learner is enrolled with.</param>
/// <param name="DisplayName">The learner's name in this run.</param>
/// <param name="Badge">model@version/badge.</param>
/// <param name="BadgeTitle">The badge's title.</param>
/// <param name="Qualified">True if the criteria are met now.</param>
/// <param name="Distance">How far from met: 0 when met; e.g. 0.2 for 8 of 10 hours. Sums over the unmet parts of "all".</param>
/// <param name="AlreadyHeld">The learner already holds an unrevoked, unexpired award of this badge from the organisation.</param>
/// <param name="Leaves">Every condition of the criteria, with what was required and found.</param>
public sealed record PreviewEntry(
    Guid LearnerId, string Email, string? DisplayName, string Badge, LocalizedText BadgeTitle, bool Qualified, decimal Distance,
    bool AlreadyHeld, List<PreviewLeaf> Leaves);

/// <param name="Kind">attendance, competence, badge, practice or evidence.</param>
/// <param name="Met">True if this condition holds.</param>
/// <param name="Message">What was required and what was found, in Slovenian and English.</param>
/// <param name="Distance">How far this condition is from met (0 to 1).</param>
/// <param name="Quantities">Each measured quantity with its required and found value.</param>
/// <param name="MissingMinutes">Attended minutes still needed (attendance).</param>
/// <param name="MissingIndicators">Indicators not yet confirmed, as competence/indicator.</param>
/// <param name="MissingBadges">Prerequisite badges not held.</param>
public sealed record PreviewLeaf(
    string Kind, bool Met, LocalizedText Message, decimal Distance, List<PreviewQuantity> Quantities, int MissingMinutes,
    List<string> MissingIndicators, List<string> MissingBadges);

/// <param name="Kind">What is measured (AttendedMinutes, AttendedShare, ConfirmedIndicators, …).</param>
/// <param name="Required">The required value.</param>
/// <param name="Found">The value found, or null if undefined.</param>
/// <param name="Met">True if it holds.</param>
public sealed record PreviewQuantity(QuantityKind Kind, decimal Required, decimal? Found, bool Met);

/// <param name="Awarded">Awards made now.</param>
/// <param name="Skipped">Qualified learner × badge pairs that already held the badge.</param>
/// <param name="Failed">Qualified pairs the issuer refused, with its reason (e.g. the model version was retired meanwhile).</param>
/// <param name="AlreadyHeld">The skipped pairs, each with the award the learner holds (this or an equivalent model version).</param>
public sealed record AwardQualifiedResult(List<AwardedBadge> Awarded, int Skipped, List<AwardFailure> Failed, List<HeldAward> AlreadyHeld);

/// <param name="Email">The learner.</param>
/// <param name="Badge">model@version/badge that qualified.</param>
/// <param name="HeldBadge">model@version/badge of the award held.</param>
/// <param name="AssertionId">The held award's id.</param>
/// <param name="Url">The held award's hosted assertion.</param>
public sealed record HeldAward(string Email, string Badge, string HeldBadge, string AssertionId, string Url);

/// <param name="Email">The learner.</param>
/// <param name="Badge">model@version/badge.</param>
/// <param name="Message">Why it was not awarded.</param>
public sealed record AwardFailure(string Email, string Badge, string Message);

/// <param name="Email">The recipient.</param>
/// <param name="Badge">model@version/badge.</param>
/// <param name="AssertionId">The new assertion's id.</param>
/// <param name="Url">The hosted assertion.</param>
public sealed record AwardedBadge(string Email, string Badge, string AssertionId, string Url);

/// <summary>
/// Evaluates the run's learners against every badge of the pinned model whose criteria count this training, with the
/// criteria engine and the organisation's records only (the issuer scope of competency-models/README.md §7).
/// </summary>
internal static class PreviewAwards
{
    public static async Task<Results<Ok<PreviewResponse>, ProblemHttpResult>> PreviewAsync(
        Guid orgId, Guid runId, BadgeForgeDbContext db, ModelRegistry registry, TimeProvider clock, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        var asOf = clock.GetUtcNow();
        var entries = await EvaluateAsync(db, registry, run, asOf, onlyLearner: null, ct);
        var qualified = entries.Count(e => e.Entry.Qualified);
        return TypedResults.Ok(new PreviewResponse(run.Id, asOf.UtcDateTime, qualified, entries.Count - qualified, [.. entries.Select(e => e.Entry)]));
    }

    public static async Task<Results<Ok<AwardQualifiedResult>, ProblemHttpResult>> AwardQualifiedAsync(
        Guid orgId, Guid runId, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, AwardIssuer issuer, BadgeUrls urls,
        TimeProvider clock, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        return await AwardAsync(db, registry, issuer, urls, run, http.User.RequiredAccountId(), clock.GetUtcNow(), ct) is { } result
            ? TypedResults.Ok(result)
            : Problems.NotFound($"There is no organisation {orgId}.");
    }

    /// <summary>
    /// Awards every badge the run's learners qualify for and do not hold yet, each with its criteria trace. Idempotent:
    /// a second call finds the awards of the first as held (same or an equivalent model version) and reports them.
    /// Null if the organisation is gone.
    /// </summary>
    public static async Task<AwardQualifiedResult?> AwardAsync(
        BadgeForgeDbContext db, ModelRegistry registry, AwardIssuer issuer, BadgeUrls urls, TrainingRun run, Guid issuedBy, DateTimeOffset asOf,
        CancellationToken ct)
    {
        var entries = await EvaluateAsync(db, registry, run, asOf, onlyLearner: null, ct);
        var awarded = new List<AwardedBadge>();
        var failed = new List<AwardFailure>();
        var held = new List<HeldAward>();
        var qualifying = entries.Where(e => e.Entry.Qualified).ToList();
        if (qualifying.Count == 0)
        {
            return new AwardQualifiedResult(awarded, 0, failed, held);
        }
        var model = registry.PinnedModel(run);
        var training = model.FindTraining(run.TrainingId)!;
        if (await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == run.OrganisationId, ct) is not { } organisation)
        {
            return null;
        }
        var assessmentIds = qualifying.SelectMany(e => e.Result.Leaves).Where(l => l.Criterion is CompetenceCriterion)
            .SelectMany(l => l.RecordIds).Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Distinct().ToList();
        var assessments = (await (
                from a in db.LearnerAssessments.AsNoTracking()
                join account in db.Accounts on a.AssessorAccountId equals account.Id
                where assessmentIds.Contains(a.Id)
                select new { Assessment = a, account.DisplayName })
            .ToListAsync(ct)).ToDictionary(x => x.Assessment.Id, x => (x.Assessment, x.DisplayName));

        foreach (var (entry, showName, isMinor, result, heldAward) in qualifying)
        {
            if (heldAward is not null)
            {
                held.Add(new HeldAward(entry.Email, entry.Badge, $"{heldAward.Model}/{heldAward.BadgeId}", heldAward.Id, urls.Assertion(heldAward.Id).ToString()));
                continue;
            }
            var trace = AwardTrace.Create(run, training, model, organisation, result, asOf, assessments);
            var request = new IssueAwardRequest(entry.Badge, entry.Email, entry.DisplayName, showName && entry.DisplayName is not null,
                IssuedOn: null, Expires: null, Evidence: [new EvidenceRequest(null, trace.Narrative())], Narrative: null, RecipientIsMinor: isMinor);
            var json = trace.ToJson();
            // The trace is stamped on the award when the issuer adds it, so it is part of the issuer's one INSERT: an
            // award never exists without its trace, and the issuer (shared by every way of awarding) stays unaware of trainings.
            void Stamp(object? sender, EntityTrackedEventArgs e)
            {
                if (e.Entry.Entity is Award { CriteriaTraceJson: null } award && e.Entry.State == EntityState.Added)
                {
                    award.CriteriaTraceJson = json;
                    award.TrainingRunId = run.Id;
                }
            }
            db.ChangeTracker.Tracked += Stamp;
            IssueOutcome outcome;
            try
            {
                outcome = await issuer.IssueAsync(run.OrganisationId, issuedBy, request, ct);
            }
            catch (DbUpdateException failure)
            {
                // A concurrent request of the same run issued this badge between our evaluation and our INSERT, and the
                // unique index over (run, recipient, model, badge) refused ours: theirs is the one the learner holds.
                if (await WonByAnotherRequestAsync(db, run, ct) is not { } winner)
                {
                    throw new InvalidOperationException($"Awarding {entry.Badge} to a learner of run {run.Id} failed.", failure);
                }
                held.Add(new HeldAward(entry.Email, entry.Badge, $"{winner.ModelId}@{winner.ModelVersion}/{winner.BadgeId}", winner.Id,
                    urls.Assertion(winner.Id).ToString()));
                continue;
            }
            finally
            {
                db.ChangeTracker.Tracked -= Stamp;
            }
            switch (outcome)
            {
                case IssueOutcome.Issued issued:
                    awarded.Add(new AwardedBadge(entry.Email, entry.Badge, issued.Award.Id, urls.Assertion(issued.Award.Id).ToString()));
                    break;
                case IssueOutcome.Invalid invalid:
                    failed.Add(new AwardFailure(entry.Email, entry.Badge, invalid.Message));
                    break;
                default:
                    return null;
            }
        }
        return new AwardQualifiedResult(awarded, held.Count, failed, held);
    }

    /// <summary>
    /// After a failed INSERT of an award of the run: the unrevoked award of the same badge to the same recipient from the
    /// run, if a concurrent request stored it (then the failure was the run's unique index); null for any other failure.
    /// </summary>
    private static async Task<Award?> WonByAnotherRequestAsync(BadgeForgeDbContext db, TrainingRun run, CancellationToken ct)
    {
        var refused = db.ChangeTracker.Entries<Award>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var award in refused)
        {
            db.Entry(award).State = EntityState.Detached;
        }
        if (refused is not [{ } mine] || mine.TrainingRunId != run.Id)
        {
            return null;
        }
        return await db.Awards.AsNoTracking().FirstOrDefaultAsync(a => a.TrainingRunId == run.Id && a.RecipientEmail == mine.RecipientEmail
            && a.ModelId == mine.ModelId && a.BadgeId == mine.BadgeId && a.RevokedAt == null && a.Id != mine.Id, ct);
    }

    public static string KindOf(Criterion criterion) => criterion switch
    {
        AttendanceCriterion => "attendance",
        CompetenceCriterion => "competence",
        BadgeCriterion => "badge",
        PracticeCriterion => "practice",
        EvidenceCriterion => "evidence",
        _ => "other",
    };

    /// True if the rule has an attendance leaf of this training anywhere in it.
    public static bool Counts(Criterion rule, string trainingId) => rule switch
    {
        AttendanceCriterion a => a.TrainingId == trainingId,
        AllOf all => all.Items.Any(c => Counts(c, trainingId)),
        AnyOf any => any.Items.Any(c => Counts(c, trainingId)),
        AtLeast atLeast => atLeast.Items.Any(c => Counts(c, trainingId)),
        _ => false,
    };

    internal sealed record Evaluation(PreviewEntry Entry, bool ShowName, bool IsMinor, CriteriaResult Result, HeldBadge? Held);

    /// <param name="onlyLearner">Evaluate this learner only (their own view); null for every learner of the run.</param>
    internal static async Task<List<Evaluation>> EvaluateAsync(
        BadgeForgeDbContext db, ModelRegistry registry, TrainingRun run, DateTimeOffset asOf, Guid? onlyLearner, CancellationToken ct)
    {
        var model = registry.PinnedModel(run);
        var badges = model.Badges.Where(b => Counts(b.Criteria.Rule, run.TrainingId)).ToList();
        var learners = await db.TrainingEnrolments.AsNoTracking().Include(e => e.Learner)
            .Where(e => e.RunId == run.Id && (onlyLearner == null || e.LearnerId == onlyLearner)).ToListAsync(ct);
        if (badges.Count == 0 || learners.Count == 0)
        {
            return [];
        }
        var records = await LoadRecordsAsync(db, run.OrganisationId, model.Id, [.. learners.Select(l => l.LearnerId)], ct);
        var entries = new List<Evaluation>();
        foreach (var learner in learners)
        {
            var mine = records[learner.LearnerId];
            foreach (var badge in badges)
            {
                var result = CriteriaEngine.Evaluate(model, badge, mine, asOf, registry.Catalog);
                // Held: a valid award of this badge, of this version or of one the model declares equivalent (§9).
                var held = mine.Badges.FirstOrDefault(b => !b.Revoked && !(b.ExpiresAt <= asOf) && !(b.IssuedAt > asOf)
                    && (b.Model == model.Reference ? b.BadgeId == badge.Id : registry.Catalog.MapBadgeId(b.Model, b.BadgeId, model.Reference) == badge.Id));
                entries.Add(new Evaluation(new PreviewEntry(
                        learner.LearnerId, learner.Email, learner.DisplayName, $"{model.Reference}/{badge.Id}", badge.Title, result.Met,
                        result.Distance, held is not null, [.. result.Leaves.Select(ToLeaf)]),
                    learner.Learner?.ConsentPublicName ?? false, learner.Learner?.IsMinor ?? false, result, held));
            }
        }
        // A trainer acts on near misses: those come first, then the farther ones, then everyone already qualified.
        return [.. entries.OrderBy(e => e.Entry.Qualified).ThenBy(e => e.Entry.Distance)
            .ThenBy(e => e.Entry.Email, StringComparer.Ordinal).ThenBy(e => e.Entry.Badge, StringComparer.Ordinal)];
    }

    internal static PreviewLeaf ToLeaf(CriterionTrace leaf) => new(
        KindOf(leaf.Criterion),
        leaf.Met, leaf.Message, leaf.Distance,
        [.. leaf.Quantities.Select(q => new PreviewQuantity(q.Kind, q.Required, q.Found, q.Met))],
        leaf.Shortfall.Minutes, [.. leaf.Shortfall.IndicatorIds], [.. leaf.Shortfall.Badges]);

    /// <summary>
    /// Each learner's records at the organisation, for runs of this model (any version: training ids are stable).
    /// A session that took place without a record for an enrolled learner is an absence: otherwise an unrecorded
    /// session would silently leave the base of a share.
    /// </summary>
    internal static async Task<Dictionary<Guid, LearnerRecords>> LoadRecordsAsync(
        BadgeForgeDbContext db, Guid orgId, string modelId, List<Guid> learnerIds, CancellationToken ct)
    {
        var runs = await db.TrainingRuns.AsNoTracking().Where(r => r.OrganisationId == orgId && r.ModelId == modelId)
            .ToDictionaryAsync(r => r.Id, r => r.TrainingId, ct);
        var runIds = runs.Keys.ToList();
        var enrolments = await db.TrainingEnrolments.AsNoTracking()
            .Where(e => runIds.Contains(e.RunId) && learnerIds.Contains(e.LearnerId)).ToListAsync(ct);
        var enrolledRunIds = enrolments.Select(e => e.RunId).Distinct().ToList();
        var sessions = await db.TrainingSessions.AsNoTracking().Where(s => enrolledRunIds.Contains(s.RunId)).ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var attendance = (await db.TrainingAttendance.AsNoTracking()
                .Where(a => learnerIds.Contains(a.LearnerId) && sessionIds.Contains(a.SessionId)).ToListAsync(ct))
            .ToDictionary(a => (a.SessionId, a.LearnerId));
        var assessments = await db.LearnerAssessments.AsNoTracking()
            .Where(a => a.OrganisationId == orgId && learnerIds.Contains(a.LearnerId)).ToListAsync(ct);
        var practice = await db.LearnerPracticeEntries.AsNoTracking()
            .Where(p => p.OrganisationId == orgId && learnerIds.Contains(p.LearnerId)).ToListAsync(ct);
        var evidence = await db.LearnerEvidenceItems.AsNoTracking()
            .Where(e => e.OrganisationId == orgId && learnerIds.Contains(e.LearnerId)).ToListAsync(ct);
        var emails = await db.LearnerEmails.AsNoTracking().Where(e => learnerIds.Contains(e.LearnerId)).ToListAsync(ct);
        var addresses = emails.Select(e => e.Email).ToList();
        var awards = await db.Awards.AsNoTracking()
            .Where(a => a.OrganisationId == orgId && addresses.Contains(a.RecipientEmail))
            .Select(a => new { a.Id, a.ModelId, a.ModelVersion, a.BadgeId, a.IssuedOn, a.ExpiresAt, Revoked = a.RevokedAt != null, a.RecipientEmail })
            .ToListAsync(ct);

        var result = new Dictionary<Guid, LearnerRecords>();
        foreach (var learnerId in learnerIds)
        {
            var key = learnerId.ToString();
            var mine = enrolments.Where(e => e.LearnerId == learnerId).ToList();
            var myRuns = mine.Select(e => e.RunId).ToHashSet();
            var myEmails = emails.Where(e => e.LearnerId == learnerId).Select(e => e.Email).ToHashSet(StringComparer.Ordinal);
            result[learnerId] = new LearnerRecords(
                key,
                [.. mine.Select(e => new Enrolment(e.RunId.ToString(), runs[e.RunId], Utc(e.JoinedAt), e.LeftAt is { } left ? Utc(left) : null))],
                [.. sessions.Where(s => myRuns.Contains(s.RunId)).Select(s => new AttendanceEntry(
                    attendance.TryGetValue((s.Id, learnerId), out var a) ? a.Id.ToString() : $"unrecorded:{s.Id}",
                    s.RunId.ToString(), runs[s.RunId], s.ModuleId, s.Id.ToString(), Utc(s.StartsAt),
                    s.Mode == TrainingSessionMode.Individual ? SessionMode.Individual : SessionMode.Group,
                    s.PlannedMinutes, StatusOf(a), s.Cancelled, s.ScheduledForLearnerId?.ToString()))],
                [.. assessments.Where(x => x.LearnerId == learnerId).Select(x => new CompetenceAssessment(
                    x.Id.ToString(), new ModelReference(x.ModelId, SemanticVersion.Parse(x.ModelVersion)), x.CompetenceId, x.IndicatorIds,
                    x.AssessorAccountId.ToString(), Role(x.AssessorRole), MethodOf(x.Method), Utc(x.AssessedAt), x.Withdrawn))],
                [.. awards.Where(x => myEmails.Contains(x.RecipientEmail)).Select(x => new HeldBadge(
                    x.Id, new ModelReference(x.ModelId, SemanticVersion.Parse(x.ModelVersion)), x.BadgeId, Utc(x.IssuedOn),
                    x.ExpiresAt is { } expires ? Utc(expires) : null, x.Revoked))],
                [.. practice.Where(x => x.LearnerId == learnerId).Select(x => new PracticeEntry(
                    x.Id.ToString(), x.Kind, Utc(x.StartsOn), x.EndsOn is { } end ? Utc(end) : null, x.Minutes / 60m,
                    [.. x.Phases.Select(p => Enum.TryParse<PracticePhase>(p, ignoreCase: true, out var phase) ? phase : (PracticePhase?)null).OfType<PracticePhase>()],
                    x.Status switch
                    {
                        ReviewStatus.Accepted => PracticeStatus.Confirmed,
                        ReviewStatus.Rejected => PracticeStatus.Rejected,
                        ReviewStatus.Withdrawn => PracticeStatus.Withdrawn,
                        _ => PracticeStatus.Pending,
                    },
                    x.ConfirmedByAccountId?.ToString(), Role(x.ConfirmedByRole)))],
                [.. evidence.Where(x => x.LearnerId == learnerId).Select(x => new EvidenceItem(
                    x.Id.ToString(), x.Kind, Utc(x.SubmittedAt),
                    x.Status switch
                    {
                        ReviewStatus.Accepted => EvidenceStatus.Accepted,
                        ReviewStatus.Pending => EvidenceStatus.Pending,
                        _ => EvidenceStatus.Rejected,
                    },
                    x.ReviewedByAccountId?.ToString(), Role(x.ReviewedByRole)))]);
        }
        return result;
    }

    private static AttendanceStatus StatusOf(TrainingAttendance? a) => a?.Status switch
    {
        AttendanceKind.Present => new Present(a.PresentMinutes),
        AttendanceKind.Justified => new JustifiedAbsence(a.Reason ?? "", a.PresentMinutes),
        _ => new Absent(),
    };

    private static AssessmentMethod MethodOf(AssessmentKind kind) => kind switch
    {
        AssessmentKind.Observation => AssessmentMethod.Observation,
        AssessmentKind.Interview => AssessmentMethod.Interview,
        AssessmentKind.Portfolio => AssessmentMethod.ProductReview,
        _ => AssessmentMethod.SelfAssessment,
    };

    private static ConfirmerRole? Role(string? role) => Enum.TryParse<ConfirmerRole>(role, out var r) ? r : null;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
