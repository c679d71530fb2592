using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Criteria;
using static BadgeForge.Core.Tests.Criteria.CriteriaFixtures;

namespace BadgeForge.Core.Tests.Criteria;

/// <summary>README §7.2, one rule at a time, with exact minute arithmetic.</summary>
public sealed class AttendanceCriterionTests
{
    /// <summary>
    /// 12 group sessions of 4 h (D = 2880 min): 9 present, 1 half present (120 min), 2 justified absences (J = 480 min).
    /// A = 2280 min (38 h); unjustified absence 120 min.
    /// </summary>
    private static LearnerRecords TwelveSessions()
    {
        var sessions = Enumerable.Range(0, 9).Select(d => Session(d, Present(240))).ToList();
        sessions.Add(Session(9, Present(120)));
        sessions.Add(Session(10, Justified()));
        sessions.Add(Session(11, Justified()));
        return Records(enrolments: [Enrolled()], attendance: sessions);
    }

    [Fact]
    public void Evaluate_CountAsAbsent_SharesOverAllDeliveredMinutes()
    {
        var result = Evaluate(Attendance(minShare: 0.8m, justified: JustifiedAbsenceMode.CountAsAbsent), TwelveSessions());

        result.Met.Should().BeFalse("2280 / 2880 = 79.2 % < 80 %");
        var run = result.Root.Runs.Single();
        (run.DeliveredMinutes, run.PresentMinutes, run.JustifiedMinutes, run.UnjustifiedMinutes).Should().Be((2880, 2280, 480, 120));
        (run.AttendedMinutes, run.BaseMinutes, run.JustifiedAbsences).Should().Be((2280, 2880, 2));
        result.Root.Shortfall.Minutes.Should().Be(24, "0.8 × 2880 = 2304 minutes are needed");
        result.Root.Distance.Should().Be(24m / 2304m);
        result.Root.Quantities.Should().ContainSingle()
            .Which.Should().Be(new TraceQuantity(QuantityKind.AttendedShare, 0.8m, 2280m / 2880m, false));
        result.Root.RecordIds.Should().HaveCount(12);
    }

    [Fact]
    public void Evaluate_ExcludeFromBase_RemovesJustifiedMinutesFromTheBase()
    {
        var rule = Attendance(minShare: 0.8m, justified: JustifiedAbsenceMode.ExcludeFromBase, mode: AttendanceMode.Group);

        var result = Evaluate(rule, TwelveSessions());

        result.Met.Should().BeTrue("2280 / (2880 − 480) = 95 %");
        result.Root.Runs.Single().BaseMinutes.Should().Be(2400);
        result.Root.Message.En.Should().Be("Module one: 38 of 48 group hours; 2 justified absences excluded from the base; 95 % of 40 h (80 % required)");
        result.Root.Message.Sl.Should().Be("Modul ena: 38 od 48 ur skupinskega dela; 2 opravičeni odsotnosti izločeni iz osnove; 95 % od 40 ur (zahtevano 80 %)");
        result.Root.Shortfall.Should().Be(Shortfall.None);
        result.Root.Distance.Should().Be(0m);
    }

    [Fact]
    public void Evaluate_CountAsAttended_AddsJustifiedMinutesToHoursAndShare()
    {
        var rule = Attendance(minHours: 47m, minShare: 0.95m, justified: JustifiedAbsenceMode.CountAsAttended);

        var result = Evaluate(rule, TwelveSessions());

        result.Met.Should().BeFalse("A + J = 2760 min = 46 h < 47 h, although 2760 / 2880 = 95.8 % ≥ 95 %");
        result.Root.Quantities.Should().Equal(
            new TraceQuantity(QuantityKind.AttendedMinutes, 2820m, 2760m, false),
            new TraceQuantity(QuantityKind.AttendedShare, 0.95m, 2760m / 2880m, true));
        result.Root.Shortfall.Minutes.Should().Be(60);
        result.Root.Message.En.Should().Be("Module one: 46 of 48 hours; 2 justified absences counted as attended; 95.8 % (95 % required, at least 47 h)");
    }

    [Theory]
    [InlineData(JustifiedAbsenceMode.CountAsAbsent, 38.0, false)]
    [InlineData(JustifiedAbsenceMode.ExcludeFromBase, 38.0, false)]
    [InlineData(JustifiedAbsenceMode.CountAsAttended, 46.0, true)]
    public void Evaluate_MinHours_UsesAttendedHoursOfTheMode(JustifiedAbsenceMode mode, double expectedHours, bool metAt40)
    {
        var result = Evaluate(Attendance(minHours: 40m, justified: mode), TwelveSessions());

        result.Root.Runs.Single().AttendedMinutes.Should().Be((int)(expectedHours * 60));
        result.Met.Should().Be(metAt40);
    }

    [Fact]
    public void Evaluate_ReadmeExample_NeedsExactly2232Of2790Minutes()
    {
        // 46 h 30 min base: 11 sessions of 240 min and one of 150 min.
        static LearnerRecords WithPresent(int lastSessionMinutes)
        {
            var sessions = Enumerable.Range(0, 11).Select(d => Session(d, Present(d < 9 ? 240 : 0))).ToList();
            sessions.Add(Session(11, Present(lastSessionMinutes), minutes: 150));
            return Records(enrolments: [Enrolled()], attendance: sessions);
        }
        // 9 × 240 = 2160; the last session brings 72 or 71 minutes.
        var rule = Attendance(minShare: 0.8m);

        var exactly = Evaluate(rule, WithPresent(72));
        var oneShort = Evaluate(rule, WithPresent(71));

        exactly.Root.Runs.Single().Should().Match<AttendanceRunTotals>(r => r.BaseMinutes == 2790 && r.AttendedMinutes == 2232);
        exactly.Met.Should().BeTrue();
        oneShort.Met.Should().BeFalse();
        oneShort.Root.Shortfall.Minutes.Should().Be(1);
    }

    [Fact]
    public void Evaluate_EmptyBase_ShareIsNotMet()
    {
        var records = Records(enrolments: [Enrolled()], attendance: [Session(0, Justified()), Session(1, Justified())]);

        var result = Evaluate(Attendance(minShare: 0.5m, justified: JustifiedAbsenceMode.ExcludeFromBase), records);

        result.Met.Should().BeFalse("D − J = 0: the share is undefined");
        result.Root.Quantities.Single().Found.Should().BeNull();
        result.Root.Shortfall.NoBase.Should().BeTrue();
        result.Root.Distance.Should().Be(1m);
    }

    [Fact]
    public void Evaluate_NoEnrolment_IsNotMetAndSaysSo()
    {
        var result = Evaluate(Attendance(minHours: 1m), Records(attendance: [Session(0, Present(240))]));

        result.Met.Should().BeFalse("sessions of a run count only within the learner's enrolment period");
        result.Root.Message.En.Should().Be("Module one: not enrolled in any run");
        result.Root.Shortfall.Minutes.Should().Be(60);
    }

    [Fact]
    public void Evaluate_ModuleScope_CountsOnlyThatModule_AndWithoutModuleEveryModule()
    {
        var records = Records(enrolments: [Enrolled()], attendance: [Session(0, Present(240)), Session(1, Present(180), module: "m2")]);

        Evaluate(Attendance(minHours: 4m), records).Root.Runs.Single().AttendedMinutes.Should().Be(240);
        Evaluate(Attendance(minHours: 4m, module: null), records).Root.Runs.Single().AttendedMinutes.Should().Be(420);
    }

    [Fact]
    public void Evaluate_Mode_CountsOnlySessionsOfThatMode()
    {
        var records = Records(enrolments: [Enrolled()], attendance:
        [
            Session(0, Present(240)),
            Session(1, Present(60), minutes: 60, mode: SessionMode.Individual),
            Session(2, NotThere, minutes: 60, mode: SessionMode.Individual),
        ]);

        Evaluate(Attendance(minShare: 1m, mode: AttendanceMode.Group), records).Met.Should().BeTrue();
        var individual = Evaluate(Attendance(minShare: 0.75m, mode: AttendanceMode.Individual), records);
        individual.Met.Should().BeFalse("1 of 2 individual hours is 50 %");
        individual.Root.Runs.Single().DeliveredMinutes.Should().Be(120);
        Evaluate(Attendance(minHours: 5m, mode: AttendanceMode.Any), records).Met.Should().BeTrue("240 + 60 minutes");
    }

    [Fact]
    public void Evaluate_CancelledFutureAndOtherLearnersSessions_CountNowhere()
    {
        var records = Records(enrolments: [Enrolled()], attendance:
        [
            Session(0, Present(240)),
            Session(1, NotThere, cancelled: true),
            Session(2, NotThere) with { Start = Now.AddMinutes(1) },
            Session(3, NotThere, minutes: 60, mode: SessionMode.Individual, scheduledFor: "someone-else"),
        ]);

        var result = Evaluate(Attendance(minShare: 1m), records);

        result.Met.Should().BeTrue();
        result.Root.Runs.Single().Sessions.Should().Be(1);
    }

    [Fact]
    public void Evaluate_SessionAtExactlyAsOf_Counts()
    {
        var records = Records(enrolments: [Enrolled()], attendance: [Session(0, NotThere) with { Start = Now }]);

        Evaluate(Attendance(minShare: 0.5m), records).Root.Runs.Single().DeliveredMinutes.Should().Be(240);
    }

    [Fact]
    public void Evaluate_EnrolmentPeriod_LimitsTheBase()
    {
        var records = Records(
            enrolments: [Enrolled(joined: RunStart.AddDays(2), left: RunStart.AddDays(4))],
            attendance: Enumerable.Range(0, 8).Select(d => Session(d, d is >= 2 and <= 4 ? Present(240) : NotThere)));

        var result = Evaluate(Attendance(minShare: 1m), records);

        result.Met.Should().BeTrue("sessions before joining and after leaving are not in the base");
        result.Root.Runs.Single().Sessions.Should().Be(3);
    }

    [Fact]
    public void Evaluate_SeveralRuns_AreNeverAddedTogether()
    {
        var records = Records(
            enrolments: [Enrolled(RunA), Enrolled(RunB)],
            attendance:
            [
                .. Enumerable.Range(0, 6).Select(d => Session(d, Present(240), runId: RunA)),
                .. Enumerable.Range(0, 7).Select(d => Session(d, Present(240), runId: RunB)),
            ]);

        var need30 = Evaluate(Attendance(minHours: 30m), records);
        var need28 = Evaluate(Attendance(minHours: 28m), records);

        need30.Met.Should().BeFalse("24 h + 28 h in two runs are not 52 h");
        need30.Root.Runs.Select(r => r.RunId).Should().Equal(RunB, RunA);
        need30.Root.Shortfall.Minutes.Should().Be(120);
        need30.Root.Message.En.Should().Be("Module one: 28 of the required 30 hours (run run-b)");
        need28.Met.Should().BeTrue("run B alone has 28 h");
        need28.Root.RecordIds.Should().HaveCount(7);
    }

    [Fact]
    public void Evaluate_Window_KeepsSessionsFromAsOfMinusNMonthsInclusive()
    {
        var asOf = Utc(2026, 3, 31, 10);
        var records = Records(enrolments: [Enrolled()], attendance:
        [
            Session(0, Present(240)) with { Start = Utc(2026, 2, 28, 10) },
            Session(1, Present(240)) with { Start = Utc(2026, 2, 28, 9) },
        ]);

        var result = Evaluate(Attendance(minHours: 1m, window: 1), records, asOf);

        // 31 Mar − 1 month = 28 Feb (clamped), 10:00; the 09:00 session is outside.
        result.Root.Runs.Single().Sessions.Should().Be(1);
        result.Root.Message.En.Should().EndWith("of the required 1 hour (last 1 month)");
    }

    [Fact]
    public void Evaluate_PartialPresenceAboveDuration_CountsAtMostTheDuration()
    {
        var records = Records(enrolments: [Enrolled()], attendance: [Session(0, Present(300))]);

        Evaluate(Attendance(minHours: 4.5m), records).Root.Runs.Single().PresentMinutes.Should().Be(240);
    }

    [Fact]
    public void Evaluate_JustifiedAbsenceWithoutReason_IsUnjustified()
    {
        var records = Records(enrolments: [Enrolled()], attendance: [Session(0, Present(240)), Session(1, new JustifiedAbsence("  "))]);

        var result = Evaluate(Attendance(minShare: 0.8m, justified: JustifiedAbsenceMode.ExcludeFromBase), records);

        result.Met.Should().BeFalse();
        result.Root.Runs.Single().JustifiedMinutes.Should().Be(0);
    }

    [Fact]
    public void Evaluate_PartlyPresentWithJustifiedRest_SplitsTheSession()
    {
        var records = Records(enrolments: [Enrolled()], attendance: [Session(0, Justified(presentMinutes: 90))]);

        var run = Evaluate(Attendance(minShare: 1m, justified: JustifiedAbsenceMode.ExcludeFromBase), records).Root.Runs.Single();

        (run.PresentMinutes, run.JustifiedMinutes, run.BaseMinutes).Should().Be((90, 150, 90));
    }

    [Fact]
    public void Evaluate_SessionRecordedTwice_CountsOnce()
    {
        var session = Session(0, Present(240));
        var records = Records(enrolments: [Enrolled()], attendance: [session, session with { Id = "dup" }]);

        Evaluate(Attendance(minHours: 8m), records).Root.Runs.Single().DeliveredMinutes.Should().Be(240);
    }

    [Fact]
    public void Evaluate_SlovenianCounts_AgreeWithTheNumber()
    {
        static string Message(int justified)
        {
            var sessions = Enumerable.Range(0, justified).Select(d => Session(d, Justified())).Append(Session(99, Present(240)));
            return Evaluate(Attendance(minShare: 0.5m, justified: JustifiedAbsenceMode.ExcludeFromBase), Records([Enrolled()], sessions)).Root.Message.Sl;
        }

        Message(1).Should().Contain("; 1 opravičena odsotnost izločena iz osnove;");
        Message(3).Should().Contain("; 3 opravičene odsotnosti izločene iz osnove;");
        Message(5).Should().Contain("; 5 opravičenih odsotnosti izločenih iz osnove;");
    }
}
