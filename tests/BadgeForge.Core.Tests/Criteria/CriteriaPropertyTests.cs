using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static BadgeForge.Core.Tests.Criteria.CriteriaFixtures;
using AtLeast = BadgeForge.Core.CompetencyModels.AtLeast;

namespace BadgeForge.Core.Tests.Criteria;

/// <summary>
/// The engine against a deliberately simple reference on random records. The reference reads README §7.2 literally,
/// loops over plain lists and compares with integer cross-multiplication instead of decimals, so it shares no code or
/// arithmetic with the engine.
/// </summary>
public sealed class CriteriaPropertyTests
{
    private const int Tests = 300;

    /// <summary>A random attendance criterion, built from integers so the reference can avoid decimals.</summary>
    public sealed record AttendanceCase(
        string? Module, AttendanceMode Mode, int? HoursHalves, int? SharePercent, JustifiedAbsenceMode Justified, int? Window,
        LearnerRecords Records)
    {
        public AttendanceCriterion Criterion => new("t1", Module, Mode, HoursHalves / 2m, SharePercent / 100m, Justified, Window);
    }

    private static readonly string[] Runs = [RunA, RunB];

    private static Gen<AttendanceStatus> StatusGen(int minutes) => Gen.Frequency(
        (5, Gen.Constant((AttendanceStatus)new Present(minutes))),
        (2, Gen.Choose(0, minutes + 30).Select(m => (AttendanceStatus)new Present(m))),
        (1, Gen.Constant((AttendanceStatus)new Absent())),
        (2, from present in Gen.Choose(0, minutes)
            from reason in Gen.Elements("illness", "", "school exam")
            select (AttendanceStatus)new JustifiedAbsence(reason, present)));

    private static Gen<AttendanceEntry> SessionGen(int index) =>
        from run in Gen.Elements(Runs)
        from module in Gen.Elements("m1", "m2")
        from mode in Gen.Elements(SessionMode.Group, SessionMode.Individual)
        from minutes in Gen.Elements(0, 45, 60, 90, 120, 240, 360)
        from status in StatusGen(minutes)
        from day in Gen.Choose(-40, 200)
        from hour in Gen.Choose(0, 23)
        from cancelled in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from scheduledFor in Gen.Frequency((5, Gen.Constant<string?>(Learner)), (1, Gen.Constant<string?>("someone-else")))
        select new AttendanceEntry($"att-{index}", run, "t1", module, $"s-{index}", RunStart.AddDays(day).AddHours(hour - 9), mode, minutes,
            status, cancelled, scheduledFor);

    private static Gen<Enrolment> EnrolmentGen(string run) =>
        from joined in Gen.Choose(-10, 60)
        from stays in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 200).Select(d => (int?)d)))
        select new Enrolment(run, "t1", RunStart.AddDays(joined), stays is { } d ? RunStart.AddDays(joined + d) : null);

    private static Gen<LearnerRecords> RecordsGen =>
        from enrolments in Gen.SubListOf(Runs).SelectMany(runs => Gen.CollectToList(runs.Select(EnrolmentGen)))
        from count in Gen.Choose(0, 40)
        from sessions in Gen.CollectToList(Enumerable.Range(0, count).Select(SessionGen))
        select Records(enrolments: enrolments, attendance: sessions);

    private static Gen<AttendanceCase> CaseGen =>
        from module in Gen.Elements<string?>(null, "m1", "m2")
        from mode in Gen.Elements(AttendanceMode.Any, AttendanceMode.Group, AttendanceMode.Individual)
        from which in Gen.Choose(0, 2)
        from hours in Gen.Choose(1, 40)
        from share in Gen.OneOf(Gen.Elements(50, 75, 80, 90, 100), Gen.Choose(1, 100))
        from justified in Gen.Elements(JustifiedAbsenceMode.CountAsAbsent, JustifiedAbsenceMode.ExcludeFromBase, JustifiedAbsenceMode.CountAsAttended)
        from window in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 6).Select(w => (int?)w)))
        from records in RecordsGen
        select new AttendanceCase(module, mode, which != 1 ? hours : null, which != 0 ? share : null, justified, window, records);

    /// <summary>README §7.2 read literally: per run, sum D, A, J over counted sessions; any single run must meet every condition.</summary>
    private static (bool Met, Dictionary<string, (int Attended, int Base)> Runs) Reference(AttendanceCase c, DateTimeOffset now)
    {
        var runs = new Dictionary<string, (int, int)>();
        var met = false;
        foreach (var run in c.Records.Enrolments.Select(e => e.RunId).Distinct())
        {
            int d = 0, a = 0, j = 0;
            foreach (var s in c.Records.Attendance)
            {
                if (s.RunId != run || s.Cancelled || s.Start > now) continue;
                if (c.Module != null && s.ModuleId != c.Module) continue;
                if (c.Mode == AttendanceMode.Group && s.Mode != SessionMode.Group) continue;
                if (c.Mode == AttendanceMode.Individual && s.Mode != SessionMode.Individual) continue;
                if (s.Mode == SessionMode.Individual && s.ScheduledForLearnerId != c.Records.LearnerId) continue;
                if (c.Window is { } w && s.Start.UtcDateTime < now.UtcDateTime.AddMonths(-w)) continue;
                var enrolled = false;
                foreach (var e in c.Records.Enrolments)
                {
                    if (e.RunId == run && e.JoinedAt <= s.Start && (e.LeftAt == null || s.Start <= e.LeftAt)) enrolled = true;
                }
                if (!enrolled) continue;

                var present = s.Status switch
                {
                    Present p => Math.Min(Math.Max(p.Minutes, 0), s.PlannedMinutes),
                    JustifiedAbsence ja => Math.Min(Math.Max(ja.PresentMinutes, 0), s.PlannedMinutes),
                    _ => 0,
                };
                d += s.PlannedMinutes;
                a += present;
                if (s.Status is JustifiedAbsence jb && jb.Reason.Trim().Length > 0) j += s.PlannedMinutes - present;
            }
            var attended = c.Justified == JustifiedAbsenceMode.CountAsAttended ? a + j : a;
            var baseMinutes = c.Justified == JustifiedAbsenceMode.ExcludeFromBase ? d - j : d;
            var hoursOk = c.HoursHalves is not { } h || (long)attended * 2 >= (long)h * 60;
            var shareOk = c.SharePercent is not { } p2 || (baseMinutes > 0 && (long)attended * 100 >= (long)p2 * baseMinutes);
            met |= hoursOk && shareOk;
            runs[run] = (attended, baseMinutes);
        }
        return (met, runs);
    }

    [Property(MaxTest = Tests)]
    public Property Attendance_AgreesWithTheReference() => Prop.ForAll(Arb.From(CaseGen), c =>
    {
        var result = Evaluate(c.Criterion, c.Records);
        var (met, runs) = Reference(c, Now);

        result.Met.Should().Be(met);
        result.Root.Runs.Select(r => (r.RunId, (r.AttendedMinutes, r.BaseMinutes)))
            .Should().BeEquivalentTo(runs.Select(kv => (kv.Key, kv.Value)));
        (result.Distance == 0m).Should().Be(met);
        result.Root.Shortfall.IsEmpty.Should().Be(met);
    });

    [Property(MaxTest = Tests)]
    public Property Attendance_AddingAPresentSession_NeverTurnsMetIntoNotMet() => Prop.ForAll(
        Arb.From(from c in CaseGen from extra in SessionGen(1000) select (c, extra)),
        pair =>
        {
            var (c, extra) = pair;
            var added = extra with { Status = new Present(extra.PlannedMinutes), Cancelled = false };
            var before = Evaluate(c.Criterion, c.Records);
            var after = Evaluate(c.Criterion, c.Records with { Attendance = [.. c.Records.Attendance, added] });

            (!before.Met || after.Met).Should().BeTrue();
            if (before.Met)
            {
                return;
            }
            // Also within combinators, which are monotone in their children.
            var tree = new AllOf([c.Criterion, new AnyOf([c.Criterion, new BadgeCriterion("b1", false)])]);
            (!Evaluate(tree, c.Records).Met || Evaluate(tree, c.Records with { Attendance = [.. c.Records.Attendance, added] }).Met).Should().BeTrue();
        });

    // ---- combinators ------------------------------------------------------------------------------------------------

    private static readonly string[] BadgeIds = ["b0", "b1", "b2", "b3", "b4"];

    private static Gen<Criterion> TreeGen(int depth) => depth == 0
        ? Gen.Elements(BadgeIds).Select(id => (Criterion)new BadgeCriterion(id, false))
        : Gen.Frequency(
            (2, TreeGen(0)),
            (1, Gen.Choose(1, 4).SelectMany(n => Gen.ListOf(TreeGen(depth - 1), n)).Select(items => (Criterion)new AllOf(items.ToList()))),
            (1, Gen.Choose(1, 4).SelectMany(n => Gen.ListOf(TreeGen(depth - 1), n)).Select(items => (Criterion)new AnyOf(items.ToList()))),
            (1, from n in Gen.Choose(1, 4)
                from items in Gen.ListOf(TreeGen(depth - 1), n)
                from k in Gen.Choose(1, n)
                select (Criterion)new AtLeast(k, items.ToList())));

    private static bool ReferenceTree(Criterion c, ISet<string> held) => c switch
    {
        BadgeCriterion b => held.Contains(b.BadgeId),
        AllOf all => all.Items.All(i => ReferenceTree(i, held)),
        AnyOf any => any.Items.Any(i => ReferenceTree(i, held)),
        AtLeast atLeast => atLeast.Items.Count(i => ReferenceTree(i, held)) >= atLeast.Count,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    [Property(MaxTest = Tests)]
    public Property Combinators_AgreeWithTheReference() => Prop.ForAll(
        Arb.From(from tree in TreeGen(3) from held in Gen.SubListOf(BadgeIds) select (tree, held)),
        pair =>
        {
            var (tree, held) = pair;
            var result = Evaluate(tree, Records(badges: held.Select(id => Award(id))));

            result.Met.Should().Be(ReferenceTree(tree, held.ToHashSet()));
            (result.Distance == 0m).Should().Be(result.Met);
            result.Distance.Should().BeGreaterThanOrEqualTo(0m);
            result.Root.Shortfall.Badges.Where(held.Contains).Should().BeEmpty();
            if (!result.Met)
            {
                // Acquiring every badge the shortfall names must meet the tree: the shortfall is a sufficient plan.
                var plan = held.Concat(result.Root.Shortfall.Badges).ToHashSet();
                ReferenceTree(tree, plan).Should().BeTrue();
            }
        });
}
