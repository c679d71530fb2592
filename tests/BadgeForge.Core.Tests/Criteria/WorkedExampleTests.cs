using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using static BadgeForge.Core.Tests.Criteria.CriteriaFixtures;

namespace BadgeForge.Core.Tests.Criteria;

/// <summary>
/// Worked examples on the shipped models, loaded from competency-models/ like start-up does.
/// AS – Aktiviraj se!: modules I/II/III with 48/480/48 group hours plus 1 individual hour per week.
/// Initiative leader: the 10-hour motivational youth training that gimnazije can recognise as OIV.
/// </summary>
public sealed class WorkedExampleTests
{
    private const string Run = "as-2026-1";

    private static CompetencyModel As => ShippedCatalog.Find("as-aktiviraj-se@1.0.0")!;

    private static CompetencyModel Leader => ShippedCatalog.Find("initiative-leader@1.0.0")!;

    private static readonly DateTimeOffset Start = Utc(2026, 1, 5, 8);

    /// <summary>
    /// One session per day from <paramref name="firstDay"/>; <paramref name="status"/> gives the learner's status for the i-th session.
    /// Module I and III: 12 group sessions of 4 h (3 days a week, 4 weeks); module II: 80 of 6 h (5 days a week, 16 weeks).
    /// </summary>
    private static IEnumerable<AttendanceEntry> Sessions(
        string module, int count, int minutes, SessionMode mode, int firstDay, Func<int, AttendanceStatus> status) =>
        Enumerable.Range(0, count).Select(i => new AttendanceEntry(
            $"{module}-{mode}-{i}".ToLowerInvariant(), Run, "as.program", module, $"{module}-{mode}-{i}", Start.AddDays(firstDay + i), mode, minutes,
            status(i), ScheduledForLearnerId: mode == SessionMode.Individual ? Learner : null));

    private static readonly Enrolment AsEnrolment = new(Run, "as.program", Start.AddDays(-7), null);

    /// <summary>Module I: 38 of 48 group hours (2 justified absences), 3 of 4 individual hours.</summary>
    private static IEnumerable<AttendanceEntry> ModuleOne() =>
        Sessions("m1", 12, 240, SessionMode.Group, 0, i => i switch
        {
            < 9 => Present(240),
            9 => Present(120),
            _ => Justified(),
        }).Concat(Sessions("m1", 4, 60, SessionMode.Individual, 0, i => i == 3 ? NotThere : Present(60)));

    /// <summary>Module II: 62 of 80 group sessions of 6 h attended, 2 justified, 16 missed; all 16 individual hours.</summary>
    private static IEnumerable<AttendanceEntry> ModuleTwo(int present = 62) =>
        Sessions("m2", 80, 360, SessionMode.Group, 40, i => i < present ? Present(360) : i < present + 2 ? Justified() : NotThere)
            .Concat(Sessions("m2", 16, 60, SessionMode.Individual, 40, _ => Present(60)));

    [Fact]
    public void AsModuleOne_38Of48GroupHoursWithTwoJustifiedAbsences_IsMet()
    {
        var records = Records(enrolments: [AsEnrolment], attendance: ModuleOne());

        var result = CriteriaEngine.Evaluate(As, As.FindBadge("as.b.m1")!, records, Utc(2026, 2, 15), ShippedCatalog);

        result.Met.Should().BeTrue();
        var (group, individual) = (result.Root.Children[0], result.Root.Children[1]);
        group.Message.En.Should().Be(
            "Module I – introductory module: 38 of 48 group hours; 2 justified absences excluded from the base; 95 % of 40 h (80 % required)");
        group.Message.Sl.Should().Be(
            "Modul I – uvodni modul: 38 od 48 ur skupinskega dela; 2 opravičeni odsotnosti izločeni iz osnove; 95 % od 40 ur (zahtevano 80 %)");
        group.RecordIds.Should().HaveCount(12);
        individual.Message.En.Should().Be("Module I – introductory module: 3 of 4 individual hours; 75 % (75 % required)");
        individual.Runs.Single().Should().Match<AttendanceRunTotals>(r => r.AttendedMinutes == 180 && r.BaseMinutes == 240);
    }

    [Fact]
    public void AsModuleTwo_TwoAndAHalfHoursShort_IsANearMissWithAnExactShortfall()
    {
        var records = Records(
            enrolments: [AsEnrolment],
            attendance: [.. ModuleOne(), .. ModuleTwo()],
            badges: [new HeldBadge("award-m1", As.Reference, "as.b.m1", Utc(2026, 2, 15), null)],
            evidence: [Evidence("portfolio", Utc(2026, 5, 1), role: ConfirmerRole.Professional, reviewer: "pro-1")]);
        var badge = As.FindBadge("as.b.m2")!;

        var result = CriteriaEngine.Evaluate(As, badge, records, Utc(2026, 6, 30), ShippedCatalog);

        // D = 80 × 360 = 28800, J = 720, base 28080; A = 62 × 360 = 22320 < 0.8 × 28080 = 22464.
        result.Met.Should().BeFalse();
        result.Leaves.Where(l => !l.Met).Should().ContainSingle();
        var group = result.Root.Children[1];
        group.Runs.Single().Should().Match<AttendanceRunTotals>(r =>
            r.DeliveredMinutes == 28800 && r.JustifiedMinutes == 720 && r.BaseMinutes == 28080 && r.AttendedMinutes == 22320);
        group.Message.En.Should().Be(
            "Module II – implementation module: 372 of 480 group hours; 2 justified absences excluded from the base; 79.4 % of 468 h (80 % required)");
        result.Root.Shortfall.Minutes.Should().Be(144, "two hours and 24 minutes short");
        result.Distance.Should().Be(144m / 22464m);
        result.Root.RecordIds.Should().Contain("award-m1").And.NotContain("m1-group-0", "module I sessions do not count for module II");

        var oneMoreDay = records with { Attendance = [.. ModuleOne(), .. ModuleTwo(present: 63)] };
        CriteriaEngine.Evaluate(As, badge, oneMoreDay, Utc(2026, 6, 30), ShippedCatalog).Met.Should().BeTrue();
    }

    [Fact]
    public void AsProgramme_NeedsAllThreeModuleBadges_AndRanksTheMissingOne()
    {
        var badges = new[] { "as.b.m1", "as.b.m2" }.Select(id => new HeldBadge($"award-{id}", As.Reference, id, Utc(2026, 6, 1), null));

        var result = CriteriaEngine.Evaluate(As, As.FindBadge("as.b.program")!, Records(badges: badges), Utc(2026, 9, 1), ShippedCatalog);

        result.Met.Should().BeFalse();
        result.Root.Shortfall.Badges.Should().Equal("as.b.m3");
        result.Root.Children[2].Message.En.Should().Be("Prerequisite AS exit module: not held");
        result.Distance.Should().Be(1m);
    }

    private static IEnumerable<AttendanceEntry> YouthTraining(Func<int, AttendanceStatus> status) =>
        Enumerable.Range(0, 5).Select(i => new AttendanceEntry(
            $"yt-{i}", "gim-2026", "vdp.t.motivacija", null, $"yt-s{i}", Utc(2026, 10, 6, 13).AddDays(7 * i), SessionMode.Group, 120, status(i)));

    private static readonly Enrolment YouthEnrolment = new("gim-2026", "vdp.t.motivacija", Utc(2026, 9, 1), null);

    [Fact]
    public void YouthTraining_TenHoursAndAReflection_IsMet()
    {
        var records = Records(
            enrolments: [YouthEnrolment],
            attendance: YouthTraining(_ => Present(120)),
            evidence: [Evidence("reflection", Utc(2026, 11, 5), role: ConfirmerRole.Trainer, reviewer: "trainer-1")]);

        var result = CriteriaEngine.Evaluate(Leader, Leader.FindBadge("vdp.b.mladi-pobudnik")!, records, Utc(2026, 11, 10), ShippedCatalog);

        result.Met.Should().BeTrue();
        var attendance = result.Root.Children[0];
        attendance.Runs.Single().AttendedMinutes.Should().Be(600, "the OIV certificate prints the attended hours: 10");
        attendance.Message.En.Should().Be("Motivational training: initiative-taking and civic literacy: 10 of the required 10 hours");
        attendance.Message.Sl.Should().Be("Motivacijsko usposabljanje: pobudništvo in državljanska pismenost: 10 od zahtevanih 10 ur");
    }

    [Fact]
    public void YouthTraining_JustifiedAbsenceCountsAsAbsentByDefault_SoTwoHoursAreMissing()
    {
        var records = Records(
            enrolments: [YouthEnrolment],
            attendance: YouthTraining(i => i == 2 ? new JustifiedAbsence("šolsko tekmovanje / school competition") : Present(120)),
            evidence: [Evidence("reflection", Utc(2026, 11, 5), role: ConfirmerRole.Mentor)]);

        var result = CriteriaEngine.Evaluate(Leader, Leader.FindBadge("vdp.b.mladi-pobudnik")!, records, Utc(2026, 11, 10), ShippedCatalog);

        result.Met.Should().BeFalse("the rule has no justified_absence, so count_as_absent applies");
        result.Root.Shortfall.Minutes.Should().Be(120);
        result.Root.Children[0].Message.Sl.Should().Be(
            "Motivacijsko usposabljanje: pobudništvo in državljanska pismenost: 8 od zahtevanih 10 ur; 1 opravičena odsotnost šteta kot odsotnost");
        result.Distance.Should().Be(0.2m);
    }

    [Fact]
    public void YouthTraining_ReflectionAcceptedByTheOrganisation_DoesNotCount()
    {
        var records = Records(
            enrolments: [YouthEnrolment],
            attendance: YouthTraining(_ => Present(120)),
            evidence: [Evidence("reflection", Utc(2026, 11, 5), role: ConfirmerRole.Organisation, reviewer: "school-1")]);

        var result = CriteriaEngine.Evaluate(Leader, Leader.FindBadge("vdp.b.mladi-pobudnik")!, records, Utc(2026, 11, 10), ShippedCatalog);

        result.Met.Should().BeFalse("without reviewed_by only the model's assessor roles (trainer, mentor) may accept");
        result.Root.Shortfall.EvidenceItems.Should().Be(1);
    }

    [Fact]
    public void InitiativeLeader_RenewalNeedsOneConfirmedLeadWithin36Months()
    {
        var badge = Leader.FindBadge("vdp.b.vodja")!;
        var awarded = Utc(2026, 3, 1);
        var expiry = CriteriaEngine.ExpiryOf(badge.Validity, awarded)!.Value;
        var records = Records(practice: [Practice("initiative_lead", Utc(2027, 4, 1), 30m, [PracticePhase.Planning])]);

        expiry.Should().Be(Utc(2029, 3, 1));
        CriteriaEngine.EvaluateRenewal(Leader, badge, records, expiry.AddDays(10), ShippedCatalog).Met.Should().BeTrue("renewal is allowed after expiry");
        CriteriaEngine.EvaluateRenewal(Leader, badge, records, Utc(2030, 4, 2), ShippedCatalog).Met.Should().BeFalse("the lead is older than 36 months");
    }
}
