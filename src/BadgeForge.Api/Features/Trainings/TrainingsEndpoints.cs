using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Trainings;

/// Training runs of an organisation, their sessions, learners, attendance and assessments: for its admins and trainers.
public static class TrainingsEndpoints
{
    /// Attendance files of a few thousand rows fit well below this; anything bigger is not a register.
    public const long MaxCsvBytes = 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTrainingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organisations/{orgId:guid}/trainings").WithTags("Trainings");
        group.MapPost("/", Create).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("CreateTrainingRun")
            .WithSummary("Start a run of a training of a published model version, with its model version pinned")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("ListTrainingRuns")
            .WithSummary("The organisation's training runs, latest start first");
        group.MapGet("/{runId:guid}", Get).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("GetTrainingRun")
            .WithSummary("One training run with its sessions and enrolled learners")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{runId:guid}/settings", UpdateSettings).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("UpdateTrainingRunSettings")
            .WithSummary("Change the run's settings: whether qualifying badges are awarded automatically after the last session")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{runId:guid}/sessions", AddSession).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("AddTrainingSession")
            .WithSummary("Schedule a session of the run (group or individual, optionally of one module)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{runId:guid}/enrolments", Enrol).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("EnrolLearners")
            .WithSummary("Enrol learners by email: finds the person by any earlier email (case-insensitive) or creates them")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{runId:guid}/attendance", RecordAttendance.RecordJsonAsync).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("RecordAttendance")
            .WithSummary("Record attendance of enrolled learners at the run's sessions; all records or none")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{runId:guid}/attendance.csv", ImportAttendanceCsv.ImportAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithMetadata(new RawRequestBody("text/csv",
                "The register: a header line, then one row per learner and session. Columns email, date (yyyy-mm-dd or d. m. yyyy) or " +
                "session (id), status (present/prisoten, absent/odsoten, justified/opravičeno), and optionally minutes, reason, proof. " +
                "UTF-8 (BOM optional) or Windows-1250; comma, semicolon or tab."))
            .WithBodyLimit(MaxCsvBytes)
            .WithName("ImportAttendanceCsv")
            .WithSummary("Import an attendance register (CSV, UTF-8 or Windows-1250, comma or semicolon); every bad row is reported and nothing is written")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{runId:guid}/assessments", RecordAssessment).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("RecordAssessment")
            .WithSummary("Record an assessor's confirmation of indicators of a competence (self-assessments are stored, never counted)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{runId:guid}/evidence", RecordEvidence).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("RecordEvidence")
            .WithSummary("Record an evidence item (dokazilo) a learner submitted, and its review by the caller")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{runId:guid}/practice", RecordPractice).RequirePolicy(Policies.OrganisationIssuer).AcceptsJsonBody()
            .WithName("RecordPractice")
            .WithSummary("Record an entry of a learner's practice log (e.g. volunteering hours and phases), confirmed by the caller")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{runId:guid}/preview", PreviewAwards.PreviewAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("PreviewTrainingAwards")
            .WithSummary("Who qualifies for the badges that count this training, and why; near misses first. Nothing is issued")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{runId:guid}/preview/award", PreviewAwards.AwardQualifiedAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("AwardQualifiedLearners")
            .WithSummary("Award every badge the preview shows as qualified and not yet held")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapTrainingCorrections();
        // The learner's own view, beside the earner's other backpack endpoints.
        app.MapGet("/api/backpack/trainings", MyTrainings.ListAsync).RequirePolicy(Policies.Active).WithTags("Backpack")
            .WithName("ListMyTrainings")
            .WithSummary("Your trainings at every organisation: sessions with your attendance, your assessments and your progress toward each badge");
        return app;
    }

    /// The run, if it belongs to the organisation: another organisation's run is "not found", not "forbidden".
    internal static Task<TrainingRun?> FindRunAsync(BadgeForgeDbContext db, Guid orgId, Guid runId, CancellationToken ct) =>
        db.TrainingRuns.SingleOrDefaultAsync(r => r.Id == runId && r.OrganisationId == orgId, ct);

    internal static ProblemHttpResult RunNotFound(Guid orgId, Guid runId) =>
        Problems.NotFound($"Organisation {orgId} has no training run {runId}.");

    internal static CompetencyModel PinnedModel(this ModelRegistry registry, TrainingRun run) =>
        registry.Catalog.Find(new ModelReference(run.ModelId, SemanticVersion.Parse(run.ModelVersion)))
        ?? throw new InvalidOperationException($"The pinned model {run.ModelId}@{run.ModelVersion} of run {run.Id} is no longer loaded.");

    private static async Task<Results<Created<TrainingRunResponse>, ValidationProblem, ProblemHttpResult>> Create(
        Guid orgId, CreateTrainingRunRequest request, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, TimeProvider clock,
        CancellationToken ct)
    {
        if (!ModelReference.TryParse(request.Model.Trim(), out var reference))
        {
            return Problems.Invalid("model", $"'{request.Model}' is not a model version: write it as model@version, e.g. initiative-leader@1.0.0.");
        }
        if (registry.Catalog.Find(reference) is not { } model)
        {
            var known = registry.Catalog.Versions(reference.Id).Select(m => m.Version.ToString()).ToList();
            return Problems.Invalid("model", known.Count == 0
                ? $"There is no competency model '{reference.Id}'."
                : $"Model '{reference.Id}' has no version {reference.Version}; it has {string.Join(", ", known)}.");
        }
        if (model.Status != ModelStatus.Published)
        {
            return Problems.Invalid("model", $"{model.Reference} is {model.Status.ToString().ToLowerInvariant()}: trainings run only on published model versions.");
        }
        if (model.FindTraining(request.TrainingId) is not { } training)
        {
            var known = string.Join(", ", model.Trainings.Select(t => t.Id));
            return Problems.Invalid("trainingId", model.Trainings.Count == 0
                ? $"{model.Reference} defines no trainings."
                : $"{model.Reference} has no training '{request.TrainingId}'; it has {known}.");
        }
        var startsOn = request.StartsOn!.Value;
        if (request.EndsOn is { } endsOn && endsOn < startsOn)
        {
            return Problems.Invalid("endsOn", "The last day is before the first day.");
        }
        var hourLength = request.HourLengthMinutes ?? 60;
        if (hourLength is not (60 or 45))
        {
            return Problems.Invalid("hourLengthMinutes", "An hour is 60 minutes, or 45 for a school lesson (šolska ura).");
        }
        var trainerIds = (request.TrainerIds ?? []).Distinct().ToList();
        var staff = await db.Memberships
            .Where(m => m.OrganisationId == orgId && trainerIds.Contains(m.AccountId)
                        && (m.Role == OrganisationRole.Trainer || m.Role == OrganisationRole.OrganisationAdmin))
            .Select(m => m.AccountId).Distinct().ToListAsync(ct);
        var stranger = Array.FindIndex(request.TrainerIds ?? [], id => !staff.Contains(id));
        if (stranger >= 0)
        {
            return Problems.Invalid($"trainerIds[{stranger}]",
                $"Account {request.TrainerIds![stranger]} is not a trainer or admin of this organisation.");
        }

        var run = new TrainingRun
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            ModelId = model.Id,
            ModelVersion = model.Version.ToString(),
            TrainingId = training.Id,
            Title = request.Title.Trim(),
            StartsOn = startsOn.ToUtcMidnight(),
            EndsOn = request.EndsOn?.ToUtcMidnight(),
            Place = string.IsNullOrWhiteSpace(request.Place) ? null : request.Place.Trim(),
            HourLengthMinutes = hourLength,
            AutoAward = request.AutoAward ?? false,
            CreatedByAccountId = http.User.RequiredAccountId(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Trainers = [.. trainerIds.Select(id => new TrainingRunTrainer { AccountId = id })],
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(ct);
        var response = ToResponse(run, model, detailed: true);
        return TypedResults.Created($"/api/organisations/{orgId}/trainings/{run.Id}", response);
    }

    private static async Task<Ok<TrainingRunPage>> List(
        Guid orgId, int? offset, int? limit, BadgeForgeDbContext db, ModelRegistry registry, CancellationToken ct)
    {
        var query = db.TrainingRuns.AsNoTracking().Where(r => r.OrganisationId == orgId);
        var total = await query.CountAsync(ct);
        var runs = await query.Include(r => r.Trainers).OrderByDescending(r => r.StartsOn).ThenBy(r => r.Id)
            .Skip(Math.Max(offset ?? 0, 0)).Take(Math.Clamp(limit ?? 50, 1, 500)).ToListAsync(ct);
        return TypedResults.Ok(new TrainingRunPage([.. runs.Select(r => ToResponse(r, registry.PinnedModel(r), detailed: false))], total));
    }

    private static async Task<Results<Ok<TrainingRunResponse>, ProblemHttpResult>> Get(
        Guid orgId, Guid runId, BadgeForgeDbContext db, ModelRegistry registry, CancellationToken ct)
    {
        var run = await db.TrainingRuns.AsNoTracking().AsSplitQuery()
            .Include(r => r.Trainers).Include(r => r.Sessions).Include(r => r.Enrolments)
            .SingleOrDefaultAsync(r => r.Id == runId && r.OrganisationId == orgId, ct);
        return run is null ? RunNotFound(orgId, runId) : TypedResults.Ok(ToResponse(run, registry.PinnedModel(run), detailed: true));
    }

    private static async Task<Results<Ok<TrainingRunResponse>, ProblemHttpResult>> UpdateSettings(
        Guid orgId, Guid runId, TrainingRunSettingsRequest request, BadgeForgeDbContext db, ModelRegistry registry, CancellationToken ct)
    {
        if (await FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return RunNotFound(orgId, runId);
        }
        run.AutoAward = request.AutoAward!.Value;
        await db.SaveChangesAsync(ct);
        return await Get(orgId, runId, db, registry, ct);
    }

    /// <summary>
    /// A session's length in minutes, given as minutes or as lessons of the run's hour length (one, not both), and its
    /// start checked against the run's days; or the problem with either. Adding and correcting a session both use it.
    /// </summary>
    internal static ValidationProblem? CheckSessionTime(TrainingRun run, int? plannedMinutes, int? lessons, DateTime startsAt, out int minutes)
    {
        minutes = 0;
        switch (plannedMinutes, lessons)
        {
            case ({ } m, null):
                minutes = m;
                break;
            case (null, { } l):
                minutes = l * run.HourLengthMinutes;
                break;
            default:
                return Problems.Invalid("plannedMinutes", "Give the session's length as plannedMinutes or as lessons, not both and not neither.");
        }
        // A session outside the run's days is almost always a typo in the date (last year's, or day and month swapped).
        // The day before the start is allowed: 23:00 UTC of that day is already the first day in Slovenia.
        if (startsAt < run.StartsOn.AddDays(-1) || (run.EndsOn is { } last && startsAt >= last.AddDays(2)))
        {
            return Problems.Invalid("startsAt",
                $"The run takes place from {run.StartsOn:yyyy-MM-dd} to {(run.EndsOn is { } end ? end.ToString("yyyy-MM-dd") : "an open end")}; " +
                $"the session's start {startsAt:yyyy-MM-dd HH:mm} UTC is outside it.");
        }
        return null;
    }

    private static async Task<Results<Created<SessionResponse>, ValidationProblem, ProblemHttpResult>> AddSession(
        Guid orgId, Guid runId, AddSessionRequest request, BadgeForgeDbContext db, ModelRegistry registry, TimeProvider clock, CancellationToken ct)
    {
        if (await FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return RunNotFound(orgId, runId);
        }
        var training = registry.PinnedModel(run).FindTraining(run.TrainingId)!;
        if (request.ModuleId is { } moduleId && training.FindModule(moduleId) is null)
        {
            return Problems.Invalid("moduleId", training.Modules.Count == 0
                ? $"Training '{training.Id}' has no modules."
                : $"Training '{training.Id}' has no module '{moduleId}'; it has {string.Join(", ", training.Modules.Select(m => m.Id))}.");
        }
        if (CheckSessionTime(run, request.PlannedMinutes, request.Lessons, request.StartsAt!.Value.UtcDateTime, out var minutes) is { } problem)
        {
            return problem;
        }
        var startsAt = request.StartsAt!.Value.UtcDateTime;
        var mode = request.Mode ?? TrainingSessionMode.Group;
        Guid? scheduledFor = null;
        if (mode == TrainingSessionMode.Individual)
        {
            if (string.IsNullOrWhiteSpace(request.ScheduledFor))
            {
                return Problems.Invalid("scheduledFor", "An individual session is scheduled for one enrolled learner: give their email.");
            }
            var email = EmailAddress.Normalise(request.ScheduledFor);
            scheduledFor = await db.TrainingEnrolments.Where(e => e.RunId == runId && e.Email == email).Select(e => (Guid?)e.LearnerId).SingleOrDefaultAsync(ct);
            if (scheduledFor is null)
            {
                return Problems.Invalid("scheduledFor", $"'{email}' is not enrolled in this run.");
            }
        }
        else if (request.ScheduledFor is not null)
        {
            return Problems.Invalid("scheduledFor", "Only individual sessions are scheduled for one learner.");
        }

        var session = new TrainingSession
        {
            Id = Guid.NewGuid(),
            RunId = run.Id,
            ModuleId = request.ModuleId,
            StartsAt = startsAt,
            Mode = mode,
            PlannedMinutes = minutes,
            ScheduledForLearnerId = scheduledFor,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.TrainingSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/organisations/{orgId}/trainings/{runId}", session.ToResponse());
    }

    private static async Task<Results<Ok<EnrolResult>, ValidationProblem, ProblemHttpResult>> Enrol(
        Guid orgId, Guid runId, EnrolLearnersRequest request, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return RunNotFound(orgId, runId);
        }
        for (var i = 0; i < request.Learners.Length; i++)
        {
            if (LearnerDirectory.Check(request.Learners[i]) is var (field, message))
            {
                return Problems.Invalid($"learners[{i}].{field}", message);
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = await LearnerDirectory.EnrolAsync(db, run, request.Learners, now, ct);
        return outcome is null
            ? Problems.Conflict("Another request enrolled some of these learners at the same moment; send the request again.")
            : TypedResults.Ok(outcome);
    }

    private static async Task<Results<Created<AssessmentResponse>, ValidationProblem, ProblemHttpResult>> RecordAssessment(
        Guid orgId, Guid runId, RecordAssessmentRequest request, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry,
        TimeProvider clock, CancellationToken ct)
    {
        if (await FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return RunNotFound(orgId, runId);
        }
        var model = registry.PinnedModel(run);
        if (await LearnerDirectory.EnrolledLearnerAsync(db, run.Id, request.Email, ct) is not { } learnerId)
        {
            return Problems.Invalid("email", $"'{request.Email}' is not enrolled in this run.");
        }
        if (model.FindCompetence(request.CompetenceId) is not { } competence)
        {
            return Problems.Invalid("competenceId", $"{model.Reference} has no competence '{request.CompetenceId}'.");
        }
        var known = competence.Levels.SelectMany(l => l.Indicators).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < request.IndicatorIds.Length; i++)
        {
            if (!known.Contains(request.IndicatorIds[i] ?? ""))
            {
                return Problems.Invalid($"indicatorIds[{i}]",
                    $"Competence '{competence.Id}' has no indicator '{request.IndicatorIds[i]}'; it has {string.Join(", ", known)}.");
            }
        }
        var now = clock.GetUtcNow();
        if (request.AssessedAt > now)
        {
            return Problems.Invalid("assessedAt", "The assessment date is in the future.");
        }
        var assessorId = request.AssessorId ?? http.User.RequiredAccountId();
        var role = await ConfirmerRoles.OfAsync(db, orgId, assessorId, ct);
        // Competences are assessed by trainers (or mentors, §4.2); an admin may enter a trainer's assessment with assessorId.
        // A self-assessment is the learner's own view, whoever types it in.
        if (request.Method != AssessmentKind.SelfAssessment
            && role is not ConfirmerRole.Trainer && !(role is { } accepted && model.Assessment.AssessorRoles.Contains(accepted)))
        {
            var roles = string.Join(", ", model.Assessment.AssessorRoles.Select(r => r.ToString().ToLowerInvariant()));
            return Problems.Invalid("assessorId", request.AssessorId is null
                ? $"You are not a trainer of this organisation, so you cannot assess competences ({model.Reference} accepts {roles}). " +
                  "To enter a trainer's assessment, give their account as assessorId."
                : $"Account {assessorId} is not a trainer of this organisation ({model.Reference} accepts assessments by {roles}).");
        }
        var assessment = new LearnerAssessment
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            LearnerId = learnerId,
            RunId = run.Id,
            ModelId = model.Id,
            ModelVersion = model.Version.ToString(),
            CompetenceId = competence.Id,
            IndicatorIds = [.. request.IndicatorIds.Distinct(StringComparer.Ordinal)],
            AssessorAccountId = assessorId,
            AssessorRole = role?.ToString(),
            Method = request.Method!.Value,
            AssessedAt = (request.AssessedAt ?? now).UtcDateTime,
            Note = request.Note,
            CreatedAt = now.UtcDateTime,
        };
        db.LearnerAssessments.Add(assessment);
        await db.SaveChangesAsync(ct);
        var counts = assessment.Method != AssessmentKind.SelfAssessment && role is { } r && model.Assessment.AssessorRoles.Contains(r);
        return TypedResults.Created($"/api/organisations/{orgId}/trainings/{runId}", new AssessmentResponse(
            assessment.Id, learnerId, $"{assessment.ModelId}@{assessment.ModelVersion}", assessment.CompetenceId, assessment.IndicatorIds,
            assessment.Method, assessment.AssessorRole, counts, assessment.AssessedAt));
    }

    private static async Task<Results<Created<EvidenceResponse>, ValidationProblem, ProblemHttpResult>> RecordEvidence(
        Guid orgId, Guid runId, RecordEvidenceRequest request, HttpContext http, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return RunNotFound(orgId, runId);
        }
        if (await LearnerDirectory.EnrolledLearnerAsync(db, run.Id, request.Email, ct) is not { } learnerId)
        {
            return Problems.Invalid("email", $"'{request.Email}' is not enrolled in this run.");
        }
        var status = request.Status ?? ReviewStatus.Accepted;
        if (status == ReviewStatus.Withdrawn)
        {
            return Problems.Invalid("status", "Evidence is Pending, Accepted or Rejected.");
        }
        var now = clock.GetUtcNow();
        if (request.SubmittedAt > now)
        {
            return Problems.Invalid("submittedAt", "The submission date is in the future.");
        }
        var reviewer = status == ReviewStatus.Pending ? (Guid?)null : http.User.RequiredAccountId();
        var role = reviewer is { } id ? await ConfirmerRoles.OfAsync(db, orgId, id, ct) : null;
        var item = new LearnerEvidenceItem
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            LearnerId = learnerId,
            RunId = run.Id,
            Kind = request.Kind,
            SubmittedAt = (request.SubmittedAt ?? now).UtcDateTime,
            Status = status,
            ReviewedByAccountId = reviewer,
            ReviewedByRole = role?.ToString(),
            Url = request.Url,
            Note = request.Note,
            CreatedAt = now.UtcDateTime,
        };
        db.LearnerEvidenceItems.Add(item);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/organisations/{orgId}/trainings/{runId}",
            new EvidenceResponse(item.Id, learnerId, item.Kind, item.Status, item.ReviewedByRole, item.SubmittedAt));
    }

    private static async Task<Results<Created<PracticeResponse>, ValidationProblem, ProblemHttpResult>> RecordPractice(
        Guid orgId, Guid runId, RecordPracticeRequest request, HttpContext http, BadgeForgeDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return RunNotFound(orgId, runId);
        }
        if (await LearnerDirectory.EnrolledLearnerAsync(db, run.Id, request.Email, ct) is not { } learnerId)
        {
            return Problems.Invalid("email", $"'{request.Email}' is not enrolled in this run.");
        }
        var phases = new List<string>();
        for (var i = 0; i < (request.Phases ?? []).Length; i++)
        {
            if (!Enum.TryParse<PracticePhase>(request.Phases![i], ignoreCase: true, out var phase) || int.TryParse(request.Phases[i], out _))
            {
                return Problems.Invalid($"phases[{i}]", "A phase is planning, implementation or evaluation.");
            }
            phases.Add(phase.ToString().ToLowerInvariant());
        }
        var startsOn = request.StartsOn!.Value;
        if (request.EndsOn < startsOn)
        {
            return Problems.Invalid("endsOn", "The last day is before the first day.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (startsOn.ToUtcMidnight() > now)
        {
            return Problems.Invalid("startsOn", "Practice is logged once it has happened.");
        }
        var status = request.Status ?? ReviewStatus.Accepted;
        if (status == ReviewStatus.Withdrawn)
        {
            return Problems.Invalid("status", "A practice entry is Pending, Accepted or Rejected.");
        }
        var confirmer = status == ReviewStatus.Pending ? (Guid?)null : http.User.RequiredAccountId();
        var role = confirmer is { } id ? await ConfirmerRoles.OfAsync(db, orgId, id, ct) : null;
        var entry = new LearnerPracticeEntry
        {
            Id = Guid.NewGuid(),
            OrganisationId = orgId,
            LearnerId = learnerId,
            Kind = request.Kind,
            StartsOn = startsOn.ToUtcMidnight(),
            EndsOn = request.EndsOn?.ToUtcMidnight(),
            Minutes = request.Minutes,
            Phases = [.. phases.Distinct()],
            Status = status,
            ConfirmedByAccountId = confirmer,
            ConfirmedByRole = role?.ToString(),
            Note = request.Note,
            CreatedAt = now,
        };
        db.LearnerPracticeEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/organisations/{orgId}/trainings/{runId}",
            new PracticeResponse(entry.Id, learnerId, entry.Kind, entry.Minutes, entry.Phases, entry.Status, entry.ConfirmedByRole));
    }

    internal static TrainingRunResponse ToResponse(TrainingRun run, CompetencyModel model, bool detailed) => new(
        run.Id, $"{run.ModelId}@{run.ModelVersion}", run.TrainingId, model.FindTraining(run.TrainingId)!.Title, run.Title,
        run.StartsOn.ToDateOnly(), run.EndsOn?.ToDateOnly(), run.Place, run.HourLengthMinutes,
        [.. run.Trainers.Select(t => t.AccountId)],
        detailed ? [.. run.Sessions.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Select(s => s.ToResponse())] : null,
        detailed ? [.. run.Enrolments.OrderBy(e => e.Email, StringComparer.Ordinal).Select(e => e.ToResponse())] : null,
        run.AutoAward);
}
