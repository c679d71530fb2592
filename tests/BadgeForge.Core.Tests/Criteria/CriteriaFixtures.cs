using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using BadgeForge.Core.Tests.CompetencyModels;

namespace BadgeForge.Core.Tests.Criteria;

/// <summary>Builders for learner records and models used by the criteria tests. All instants are fixed, never the clock.</summary>
internal static class CriteriaFixtures
{
    public const string Learner = "learner-1";
    public const string RunA = "run-a";
    public const string RunB = "run-b";

    /// <summary>The evaluation instant of most tests.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The start of run A; sessions are scheduled day by day from here.</summary>
    public static readonly DateTimeOffset RunStart = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<CompetencyModel> TestModel = new(() => Parse(TestModels.Valid));
    private static readonly Lazy<CompetencyModelCatalog> Shipped = new(LoadShippedCatalog);

    /// <summary>The small test model of the parser tests (training t1: m1 48 h group, m2 10 h; competences c1, c2).</summary>
    public static CompetencyModel Model => TestModel.Value;

    /// <summary>Every model under competency-models/, loaded like start-up does.</summary>
    public static CompetencyModelCatalog ShippedCatalog => Shipped.Value;

    public static CompetencyModel Parse(string yaml)
    {
        var result = TestModels.Parse(yaml);
        result.Problems.Should().BeEmpty();
        return result.Model!;
    }

    private static CompetencyModelCatalog LoadShippedCatalog()
    {
        var root = Path.Combine(CorePurityTests.RepositoryRoot(), "competency-models");
        var sources = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(path => new ModelSource(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllBytes(path)))
            .ToList();
        var catalog = CompetencyModelCatalog.Load(sources);
        catalog.Problems.Should().BeEmpty();
        return catalog;
    }

    public static LearnerRecords Records(
        IEnumerable<Enrolment>? enrolments = null,
        IEnumerable<AttendanceEntry>? attendance = null,
        IEnumerable<CompetenceAssessment>? assessments = null,
        IEnumerable<HeldBadge>? badges = null,
        IEnumerable<PracticeEntry>? practice = null,
        IEnumerable<EvidenceItem>? evidence = null) =>
        new(Learner,
            (enrolments ?? []).ToList(),
            (attendance ?? []).ToList(),
            (assessments ?? []).ToList(),
            (badges ?? []).ToList(),
            (practice ?? []).ToList(),
            (evidence ?? []).ToList());

    /// <summary>Enrolled in <paramref name="runId"/> of training t1 from before the run until now.</summary>
    public static Enrolment Enrolled(string runId = RunA, string trainingId = "t1", DateTimeOffset? joined = null, DateTimeOffset? left = null) =>
        new(runId, trainingId, joined ?? RunStart.AddDays(-30), left);

    private static int _sequence;

    /// <summary>A group session of t1/m1 on day <paramref name="day"/> of the run.</summary>
    public static AttendanceEntry Session(
        int day, AttendanceStatus status, int minutes = 240, string module = "m1", SessionMode mode = SessionMode.Group,
        string runId = RunA, string trainingId = "t1", bool cancelled = false, string? scheduledFor = Learner)
    {
        var n = Interlocked.Increment(ref _sequence);
        return new AttendanceEntry($"att-{n}", runId, trainingId, module, $"{runId}-{module}-{mode}-{day}", RunStart.AddDays(day), mode,
            minutes, status, cancelled, mode == SessionMode.Individual ? scheduledFor : null);
    }

    public static Present Present(int minutes) => new(minutes);

    public static readonly Absent NotThere = new();

    public static JustifiedAbsence Justified(int presentMinutes = 0) => new("bolezen / illness", presentMinutes);

    public static CompetenceAssessment Confirmation(
        string competenceId, string[] indicators, string assessor = "mentor-1", ConfirmerRole? role = ConfirmerRole.Mentor,
        AssessmentMethod method = AssessmentMethod.Observation, ModelReference? model = null, bool withdrawn = false, string? id = null) =>
        new(id ?? $"asm-{Interlocked.Increment(ref _sequence)}", model ?? Model.Reference, competenceId, indicators, assessor, role, method,
            RunStart, withdrawn);

    public static HeldBadge Award(
        string badgeId, DateTimeOffset? issued = null, DateTimeOffset? expires = null, bool revoked = false, ModelReference? model = null,
        string? id = null) =>
        new(id ?? $"award-{Interlocked.Increment(ref _sequence)}", model ?? Model.Reference, badgeId, issued ?? RunStart, expires, revoked);

    public static PracticeEntry Practice(
        string kind, DateTimeOffset start, decimal hours, PracticePhase[]? phases = null, DateTimeOffset? end = null,
        PracticeStatus status = PracticeStatus.Confirmed, string? confirmedBy = "mentor-1", ConfirmerRole? role = ConfirmerRole.Mentor) =>
        new($"prac-{Interlocked.Increment(ref _sequence)}", kind, start, end, hours, phases ?? [], status, confirmedBy, role);

    public static EvidenceItem Evidence(
        string kind, DateTimeOffset submitted, EvidenceStatus status = EvidenceStatus.Accepted, string? reviewer = "mentor-1",
        ConfirmerRole? role = ConfirmerRole.Mentor) =>
        new($"evi-{Interlocked.Increment(ref _sequence)}", kind, submitted, status, reviewer, role);

    public static CriteriaResult Evaluate(Criterion rule, LearnerRecords records, DateTimeOffset? asOf = null, CompetencyModel? model = null) =>
        CriteriaEngine.EvaluateRule(model ?? Model, rule, records, asOf ?? Now);

    public static AttendanceCriterion Attendance(
        decimal? minHours = null, decimal? minShare = null, JustifiedAbsenceMode justified = JustifiedAbsenceMode.CountAsAbsent,
        string? module = "m1", AttendanceMode mode = AttendanceMode.Any, int? window = null, string training = "t1") =>
        new(training, module, mode, minHours, minShare, justified, window);

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);
}
