using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using BenchmarkDotNet.Attributes;

namespace BadgeForge.Benchmarks;

/// <summary>
/// Issue requirement: evaluating every badge of a default model for 10,000 learners with realistic records reaches at
/// least 100,000 learner-badge evaluations per second on one core. One invocation evaluates every badge of the model
/// for every learner on one thread, so BenchmarkDotNet's per-operation time is one learner-badge evaluation
/// (<c>OperationsPerInvoke</c> = learners × badges).
/// </summary>
[MemoryDiagnoser]
public class CriteriaEvaluationBenchmarks
{
    /// <summary>Learners per model.</summary>
    public const int Learners = 10_000;

    /// <summary>Badges of <c>as-aktiviraj-se@1.0.0</c>; checked in set-up.</summary>
    public const int AsBadges = 10;

    /// <summary>Badges of <c>initiative-leader@1.0.0</c>; checked in set-up.</summary>
    public const int InitiativeLeaderBadges = 27;

    /// <summary>The evaluation instant of every run.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private CompetencyModelCatalog _catalog = null!;
    private CompetencyModel _model = null!;
    private LearnerRecords[] _learners = null!;

    /// <summary>Met evaluations of the last invocation (consumed so nothing is optimised away).</summary>
    public int LastMet { get; private set; }

    [GlobalSetup(Target = nameof(AsAktivirajSe))]
    public void SetupAs() => Setup("as-aktiviraj-se@1.0.0", AsBadges, RecordGenerator.AsAktivirajSe);

    [GlobalSetup(Target = nameof(InitiativeLeader))]
    public void SetupInitiativeLeader() => Setup("initiative-leader@1.0.0", InitiativeLeaderBadges, RecordGenerator.InitiativeLeader);

    private void Setup(string reference, int expectedBadges, Func<CompetencyModel, CompetencyModelCatalog, int, LearnerRecords[]> generate)
    {
        _catalog = ShippedModels.Load();
        _model = _catalog.Find(reference) ?? throw new InvalidOperationException(reference + " is not in competency-models/.");
        if (_model.Badges.Count != expectedBadges)
        {
            throw new InvalidOperationException(
                $"{reference} has {_model.Badges.Count} badges, OperationsPerInvoke assumes {expectedBadges}: update the constant.");
        }
        _learners = generate(_model, _catalog, Learners);
        var met = EvaluateAll();
        Console.WriteLine($"// {reference}: {Learners} learners, {_model.Badges.Count} badges, {_learners.Sum(RecordCount)} records, "
            + $"{met} of {Learners * _model.Badges.Count} learner-badge evaluations met");
        Console.WriteLine("// met per badge: " + string.Join(", ", _model.Badges.Select(b =>
            $"{b.Id} {_learners.Count(l => CriteriaEngine.Evaluate(_model, b, l, AsOf, _catalog).Met)}")));
    }

    /// <summary>Every badge of <c>as-aktiviraj-se@1.0.0</c> for 10,000 learners.</summary>
    [Benchmark(OperationsPerInvoke = Learners * AsBadges, Description = "as-aktiviraj-se@1.0.0, every badge x 10,000 learners")]
    public int AsAktivirajSe() => EvaluateAll();

    /// <summary>Every badge of <c>initiative-leader@1.0.0</c> for 10,000 learners.</summary>
    [Benchmark(OperationsPerInvoke = Learners * InitiativeLeaderBadges, Description = "initiative-leader@1.0.0, every badge x 10,000 learners")]
    public int InitiativeLeader() => EvaluateAll();

    private int EvaluateAll()
    {
        var met = 0;
        var badges = _model.Badges;
        foreach (var learner in _learners)
        {
            foreach (var badge in badges)
            {
                if (CriteriaEngine.Evaluate(_model, badge, learner, AsOf, _catalog).Met)
                {
                    met++;
                }
            }
        }
        LastMet = met;
        return met;
    }

    private static int RecordCount(LearnerRecords r) =>
        r.Enrolments.Count + r.Attendance.Count + r.Assessments.Count + r.Badges.Count + r.Practice.Count + r.Evidence.Count;
}

/// <summary>The shipped models, from the <c>competency-models</c> folder next to <c>BadgeForge.sln</c>.</summary>
public static class ShippedModels
{
    public static CompetencyModelCatalog Load()
    {
        var root = RepositoryRoot();
        var folder = Path.Combine(root, "competency-models");
        var sources = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new ModelSource(Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes(f)));
        var catalog = CompetencyModelCatalog.Load(sources);
        if (!catalog.IsValid)
        {
            throw new InvalidOperationException("competency-models/ has problems: " + string.Join("; ", catalog.Problems));
        }
        return catalog;
    }

    /// <summary>Walks up from the benchmark's base directory (BenchmarkDotNet runs it from a generated folder below bin).</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BadgeForge.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("BadgeForge.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Generates realistic learner records with a fixed-seed <see cref="Random"/>, so every run measures the same data.
/// Awards the learner holds are decided by the engine itself at the end of each module or training, as an issuer would.
/// </summary>
public static class RecordGenerator
{
    private const int Seed = 20260601;
    private static readonly string[] Reasons = ["bolniška odsotnost", "zdravniški pregled", "obisk na uradu", "družinske obveznosti"];

    // ---- as-aktiviraj-se@1.0.0 --------------------------------------------------------------------------------------

    /// <summary>
    /// AS programme: cohorts of about 12 learners; a month of preparation, then m1 (4 weeks, 3 group days of 4 h = 48 h),
    /// m2 (16 weeks, 5 group days of 6 h = 480 h), m3 (4 weeks, 3 group days of 4 h = 48 h), each week one individual
    /// hour per learner. Cohorts start every week over two years before <see cref="CriteriaEvaluationBenchmarks.AsOf"/>,
    /// so some are still in progress. Only sessions that started by then are recorded. Presence varies per learner
    /// (some late arrivals, a few justified absences, some unjustified ones, about 5 % drop out); professionals confirm
    /// competence indicators after each module; portfolio items in m2 and an exit plan in m3; module badges are awarded
    /// when the engine says their criteria are met at the module's end.
    /// </summary>
    public static LearnerRecords[] AsAktivirajSe(CompetencyModel model, CompetencyModelCatalog catalog, int learners)
    {
        var random = new Random(Seed);
        var modules = new[] { (Id: "m1", Weeks: 4, Days: 3, Minutes: 240), (Id: "m2", Weeks: 16, Days: 5, Minutes: 360), (Id: "m3", Weeks: 4, Days: 3, Minutes: 240) };
        var targets = model.Trainings.Single(t => t.Id == "as.program").Modules.ToDictionary(m => m.Id, m => m.Targets);
        var professionals = Enumerable.Range(1, 40).Select(i => $"prof-{i:D3}").ToArray();
        var result = new LearnerRecords[learners];
        const int cohortSize = 12;
        var firstStart = CriteriaEvaluationBenchmarks.AsOf.AddDays(-7 * 104);
        for (var cohort = 0; cohort * cohortSize < learners; cohort++)
        {
            var runId = $"as-run-{cohort:D4}";
            var runStart = Monday(firstStart.AddDays(7 * (cohort % 104))).AddHours(9).AddMonths(1); // after a month of preparation
            var professional = professionals[cohort % professionals.Length];
            for (var k = 0; k < cohortSize && cohort * cohortSize + k < learners; k++)
            {
                var n = cohort * cohortSize + k;
                var learnerId = $"as-learner-{n:D5}";
                var diligence = 0.70 + random.NextDouble() * 0.30;
                DateTimeOffset? leftAt = random.NextDouble() < 0.05 ? runStart.AddDays(random.Next(14, 160)) : null;
                var enrolment = new Enrolment(runId, "as.program", runStart.AddDays(-30), leftAt);
                var attendance = new List<AttendanceEntry>(140);
                var assessments = new List<CompetenceAssessment>();
                var evidence = new List<EvidenceItem>();
                var badges = new List<HeldBadge>();
                var week = 0;
                foreach (var module in modules)
                {
                    for (var w = 0; w < module.Weeks; w++, week++)
                    {
                        var monday = runStart.AddDays(7 * week);
                        for (var d = 0; d < module.Days; d++)
                        {
                            var start = monday.AddDays(d);
                            if (start > CriteriaEvaluationBenchmarks.AsOf || (leftAt is { } l1 && start > l1))
                            {
                                continue;
                            }
                            var sessionId = $"{runId}-{module.Id}-g{w * module.Days + d + 1:D2}";
                            attendance.Add(new AttendanceEntry($"{learnerId}-{sessionId}", runId, "as.program", module.Id, sessionId, start,
                                SessionMode.Group, module.Minutes, Presence(random, diligence, module.Minutes), Cancelled: (cohort + week * 5 + d) % 89 == 0));
                        }
                        var individualStart = monday.AddDays(random.Next(0, 5)).AddHours(5 + random.Next(0, 3));
                        if (individualStart <= CriteriaEvaluationBenchmarks.AsOf && !(leftAt is { } l2 && individualStart > l2))
                        {
                            var sessionId = $"{runId}-{module.Id}-i-{learnerId}-{w + 1:D2}";
                            attendance.Add(new AttendanceEntry($"{learnerId}-{sessionId}", runId, "as.program", module.Id, sessionId,
                                individualStart, SessionMode.Individual, 60, Presence(random, diligence, 60), false, learnerId));
                        }
                    }
                    var moduleEnd = runStart.AddDays(7 * week - 2);
                    if (moduleEnd > CriteriaEvaluationBenchmarks.AsOf || (leftAt is { } l3 && moduleEnd > l3))
                    {
                        break;
                    }
                    // Competence confirmations by the cohort's professional (sometimes a colleague), most indicators confirmed.
                    foreach (var target in targets[module.Id])
                    {
                        var competence = model.FindCompetence(target.CompetenceId)!;
                        var indicators = competence.IndicatorsUpTo(target.Level).Select(i => i.Id).Where(_ => random.NextDouble() < 0.85 * diligence + 0.15).ToList();
                        if (indicators.Count > 0)
                        {
                            var assessor = random.NextDouble() < 0.8 ? professional : professionals[random.Next(professionals.Length)];
                            assessments.Add(new CompetenceAssessment($"{learnerId}-asm-{assessments.Count + 1}", model.Reference, competence.Id, indicators,
                                assessor, ConfirmerRole.Professional, random.NextDouble() < 0.6 ? AssessmentMethod.Observation : AssessmentMethod.Interview,
                                moduleEnd.AddHours(-random.Next(1, 72))));
                        }
                        if (random.NextDouble() < 0.3)
                        {
                            assessments.Add(new CompetenceAssessment($"{learnerId}-asm-{assessments.Count + 1}", model.Reference, competence.Id,
                                competence.IndicatorsUpTo(target.Level).Select(i => i.Id).ToList(), learnerId, null, AssessmentMethod.SelfAssessment,
                                moduleEnd.AddHours(-random.Next(1, 72))));
                        }
                    }
                    if (module.Id == "m2")
                    {
                        for (var i = random.Next(0, 4); i > 0; i--)
                        {
                            var accepted = random.NextDouble() < 0.85;
                            evidence.Add(new EvidenceItem($"{learnerId}-ev-{evidence.Count + 1}", "portfolio", moduleEnd.AddDays(-random.Next(1, 100)),
                                accepted ? EvidenceStatus.Accepted : EvidenceStatus.Pending, accepted ? professional : null, accepted ? ConfirmerRole.Professional : null));
                        }
                    }
                    if (module.Id == "m3" && random.NextDouble() < 0.9)
                    {
                        evidence.Add(new EvidenceItem($"{learnerId}-ev-{evidence.Count + 1}", "exit_plan", moduleEnd.AddDays(-random.Next(1, 10)),
                            EvidenceStatus.Accepted, professional, ConfirmerRole.Professional));
                    }
                    // The issuer awards the module badge when its criteria are met at the module's end.
                    var badge = model.FindBadge($"as.b.{module.Id}")!;
                    var records = new LearnerRecords(learnerId, [enrolment], attendance, assessments, badges, [], evidence);
                    if (CriteriaEngine.Evaluate(model, badge, records, moduleEnd, catalog).Met)
                    {
                        badges.Add(new HeldBadge($"{learnerId}-award-{module.Id}", model.Reference, badge.Id, moduleEnd.AddDays(3), null));
                    }
                }
                result[n] = new LearnerRecords(learnerId, [enrolment], attendance, assessments, badges, [], evidence);
            }
        }
        return result;
    }

    private static AttendanceStatus Presence(Random random, double diligence, int minutes)
    {
        var r = random.NextDouble();
        if (r < diligence)
        {
            // One in ten arrives late or leaves early.
            return new Present(random.NextDouble() < 0.1 ? minutes - 15 * random.Next(1, 4) : minutes);
        }
        if (r < diligence + (1 - diligence) * 0.35)
        {
            return new JustifiedAbsence(Reasons[random.Next(Reasons.Length)]);
        }
        return new Absent();
    }

    private static DateTimeOffset Monday(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero).AddDays(-(((int)t.UtcDateTime.DayOfWeek + 6) % 7));

    // ---- initiative-leader@1.0.0 ------------------------------------------------------------------------------------

    /// <summary>
    /// Youth initiative programme: every learner attended a 10-hour motivational training (5 sessions of 2 h, cohorts of
    /// 20; most who missed a part make it up in an individual 2-hour session); about 40 % also the 24-hour leader training (8 sessions of 3 h). Trainers and mentors confirm competence
    /// indicators (levels 1–3, higher levels rarer); about a third log volunteering with phases, 15 % lead initiatives
    /// over several months, 3 % mentor initiatives; reflections and project reports as evidence; training and leader
    /// badges are awarded when the engine says their criteria are met.
    /// </summary>
    public static LearnerRecords[] InitiativeLeader(CompetencyModel model, CompetencyModelCatalog catalog, int learners)
    {
        var random = new Random(Seed + 1);
        var competences = model.Competences.ToArray();
        var trainers = Enumerable.Range(1, 30).Select(i => $"trainer-{i:D3}").ToArray();
        var mentors = Enumerable.Range(1, 60).Select(i => $"mentor-{i:D3}").ToArray();
        var asOf = CriteriaEvaluationBenchmarks.AsOf;
        var result = new LearnerRecords[learners];
        for (var n = 0; n < learners; n++)
        {
            var learnerId = $"il-learner-{n:D5}";
            var enrolments = new List<Enrolment>(2);
            var attendance = new List<AttendanceEntry>(13);
            var assessments = new List<CompetenceAssessment>();
            var practice = new List<PracticeEntry>();
            var evidence = new List<EvidenceItem>();
            var badges = new List<HeldBadge>();
            var diligence = 0.75 + random.NextDouble() * 0.25;
            var trainer = trainers[(n / 20) % trainers.Length];
            var mentor = mentors[random.Next(mentors.Length)];

            // 10-hour motivational training: one cohort of 20 a week over three years.
            var motivationRun = $"il-mot-{n / 20:D4}";
            var motivationStart = Monday(asOf.AddDays(-7 * 156 + 7 * ((n / 20) % 150))).AddHours(14);
            var motivationEnd = motivationStart.AddDays(5 * 2 + 1);
            enrolments.Add(new Enrolment(motivationRun, "vdp.t.motivacija", motivationStart.AddDays(-7), motivationStart.AddDays(14)));
            for (var s = 0; s < 5; s++)
            {
                var sessionId = $"{motivationRun}-s{s + 1}";
                attendance.Add(new AttendanceEntry($"{learnerId}-{sessionId}", motivationRun, "vdp.t.motivacija", null, sessionId,
                    motivationStart.AddDays(2 * s), SessionMode.Group, 120, Presence(random, diligence, 120)));
            }
            if (attendance.Any(a => a.Status is not Present { Minutes: 120 }) && random.NextDouble() < 0.7)
            {
                // A missed or shortened session is made up in an individual 2-hour session with the trainer.
                var sessionId = $"{motivationRun}-make-up-{learnerId}";
                attendance.Add(new AttendanceEntry($"{learnerId}-{sessionId}", motivationRun, "vdp.t.motivacija", null, sessionId,
                    motivationStart.AddDays(10), SessionMode.Individual, 120, Presence(random, 0.9, 120), false, learnerId));
            }
            Confirm(1, motivationEnd, trainer, ConfirmerRole.Trainer, 0.8);
            if (random.NextDouble() < 0.7)
            {
                evidence.Add(new EvidenceItem($"{learnerId}-ev-{evidence.Count + 1}", "reflection", motivationEnd.AddDays(random.Next(0, 7)),
                    random.NextDouble() < 0.9 ? EvidenceStatus.Accepted : EvidenceStatus.Pending, trainer, ConfirmerRole.Trainer));
            }
            Award("vdp.b.mladi-pobudnik", motivationEnd.AddDays(10));

            var time = motivationEnd.AddDays(30);
            if (random.NextDouble() < 0.35)
            {
                // Volunteering over a few weeks, confirmed by a mentor, phases covered gradually.
                for (var i = random.Next(1, 8); i > 0 && time < asOf; i--)
                {
                    var phases = Enum.GetValues<PracticePhase>().Where(_ => random.NextDouble() < 0.5).ToList();
                    var status = random.NextDouble() < 0.85 ? PracticeStatus.Confirmed : PracticeStatus.Pending;
                    practice.Add(new PracticeEntry($"{learnerId}-pr-{practice.Count + 1}", "volunteering", time, time.AddDays(random.Next(0, 3)),
                        random.Next(2, 9), phases, status, status == PracticeStatus.Confirmed ? mentor : null, status == PracticeStatus.Confirmed ? ConfirmerRole.Mentor : null));
                    time = time.AddDays(random.Next(5, 21));
                }
                Award("vdp.b.prostovoljec-pobudnik", time);
            }

            if (random.NextDouble() < 0.4 && time.AddDays(30) < asOf)
            {
                // 24-hour leader training: 8 sessions of 3 h.
                var leaderRun = $"il-vodja-{n / 16:D4}";
                var leaderStart = Monday(time.AddDays(random.Next(7, 60))).AddHours(16);
                enrolments.Add(new Enrolment(leaderRun, "vdp.t.vodja", leaderStart.AddDays(-3), null));
                for (var s = 0; s < 8 && leaderStart.AddDays(3 * s) <= asOf; s++)
                {
                    var sessionId = $"{leaderRun}-s{s + 1}";
                    attendance.Add(new AttendanceEntry($"{learnerId}-{sessionId}", leaderRun, "vdp.t.vodja", null, sessionId,
                        leaderStart.AddDays(3 * s), SessionMode.Group, 180, Presence(random, diligence, 180)));
                }
                var leaderEnd = leaderStart.AddDays(22);
                Confirm(2, leaderEnd, trainer, ConfirmerRole.Trainer, 0.75);
                Award("vdp.b.usposabljanje-vodja", leaderEnd.AddDays(5));
                time = leaderEnd.AddDays(20);

                if (random.NextDouble() < 0.4 && time < asOf)
                {
                    // Leads an initiative over months with a mentor: monthly entries, phases in order.
                    var months = random.Next(2, 8);
                    for (var m = 0; m < months && time < asOf; m++)
                    {
                        var phase = m == 0 ? PracticePhase.Planning : m == months - 1 ? PracticePhase.Evaluation : PracticePhase.Implementation;
                        practice.Add(new PracticeEntry($"{learnerId}-pr-{practice.Count + 1}", "initiative_lead", time, time.AddDays(random.Next(1, 20)),
                            random.Next(4, 20), [phase], PracticeStatus.Confirmed, mentor, ConfirmerRole.Mentor));
                        time = time.AddMonths(1);
                    }
                    Confirm(2, time, mentor, ConfirmerRole.Mentor, 0.85);
                    if (random.NextDouble() < 0.3)
                    {
                        Confirm(3, time, mentor, ConfirmerRole.Mentor, 0.6);
                    }
                    evidence.Add(new EvidenceItem($"{learnerId}-ev-{evidence.Count + 1}", "project_report", time,
                        EvidenceStatus.Accepted, mentor, ConfirmerRole.Mentor));
                    Award("vdp.b.vodja", time.AddDays(7));

                    if (random.NextDouble() < 0.2 && time < asOf)
                    {
                        for (var i = random.Next(1, 4); i > 0; i--)
                        {
                            practice.Add(new PracticeEntry($"{learnerId}-pr-{practice.Count + 1}", "mentoring", time, time.AddMonths(3), random.Next(10, 40),
                                [PracticePhase.Planning, PracticePhase.Implementation], PracticeStatus.Confirmed, "org-admin-1", ConfirmerRole.Organisation));
                            time = time.AddMonths(4);
                        }
                        Award("vdp.b.mentor-pobud", time);
                    }
                }
            }
            result[n] = Records();

            LearnerRecords Records() => new(learnerId, enrolments, attendance, assessments, badges, practice, evidence);

            // Confirmations of indicators up to `level` for a random subset of competences, dated before `at`.
            void Confirm(int level, DateTimeOffset at, string assessor, ConfirmerRole role, double probability)
            {
                if (at > asOf)
                {
                    return;
                }
                foreach (var competence in competences)
                {
                    if (random.NextDouble() >= probability)
                    {
                        continue;
                    }
                    var indicators = competence.IndicatorsUpTo(level).Select(i => i.Id).Where(_ => random.NextDouble() < 0.9).ToList();
                    if (indicators.Count > 0)
                    {
                        assessments.Add(new CompetenceAssessment($"{learnerId}-asm-{assessments.Count + 1}", model.Reference, competence.Id, indicators,
                            assessor, role, random.NextDouble() < 0.5 ? AssessmentMethod.Observation : AssessmentMethod.ProductReview,
                            at.AddHours(-random.Next(1, 96))));
                    }
                }
            }

            // The issuer awards the badge when the engine says its criteria are met (expiry from its validity).
            void Award(string badgeId, DateTimeOffset at)
            {
                if (at > asOf)
                {
                    return;
                }
                var badge = model.FindBadge(badgeId)!;
                if (CriteriaEngine.Evaluate(model, badge, Records(), at, catalog).Met)
                {
                    badges.Add(new HeldBadge($"{learnerId}-award-{badges.Count + 1}", model.Reference, badgeId, at, CriteriaEngine.ExpiryOf(badge.Validity, at)));
                }
            }
        }
        return result;
    }
}
