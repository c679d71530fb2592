using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.Trainings;

/// Attendance registers as spreadsheets export them: UTF-8 or Windows-1250, comma or semicolon, quoted fields.
public sealed class AttendanceCsvImportTests
{
    static AttendanceCsvImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private sealed record Register(TrainingSetup Setup, Guid RunId, Guid Session1, Guid Session2, DateTime Day1, DateTime Day2, string Ana, string Ziga);

    private static async Task<Register> ArrangeAsync(DatabaseProvider provider)
    {
        var setup = await TrainingSetup.CreateAsync(await TestApp.For(provider));
        var runId = await setup.CreateRunAsync();
        var s1 = await setup.AddSessionAsync(runId, daysAgo: 10, minutes: 120);
        var s2 = await setup.AddSessionAsync(runId, daysAgo: 3, minutes: 90);
        var ana = TrainingSetup.NewEmail("ana.kovač").Replace("č", "c");
        var ziga = TrainingSetup.NewEmail("ziga");
        await setup.EnrolAsync(runId, new { email = ana, displayName = "Ana Kovač" }, new { email = ziga, displayName = "Žiga Šuštar" });
        return new Register(setup, runId, s1, s2, DateTime.UtcNow.Date.AddDays(-10), DateTime.UtcNow.Date.AddDays(-3), ana, ziga);
    }

    private static Task<List<TrainingAttendance>> StoredAsync(Register r) =>
        r.Setup.App.WithDbAsync(db => db.TrainingAttendance.Where(a => a.SessionId == r.Session1 || a.SessionId == r.Session2)
            .OrderBy(a => a.RecordedAt).ToListAsync());

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Import_Utf8WithBomCommasAndQuotes_RecordsEveryRow(DatabaseProvider provider)
    {
        var r = await ArrangeAsync(provider);
        var csv = $"""
            name,email,date,status,minutes,reason
            "Kovač, Ana",{r.Ana},{r.Day1:yyyy-MM-dd},present,100,
            "Šuštar, Žiga",{r.Ziga.ToUpperInvariant()},{r.Day1:yyyy-MM-dd},opravičeno,,"bolezen, zdravniško opravičilo"
            "Kovač, Ana",{r.Ana},{r.Day2:d. M. yyyy},ABSENT,,

            """;
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.Replace("\n", "\r\n"))).ToArray();

        var response = await r.Setup.PostCsvAsync(r.RunId, body);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32().Should().Be(3);
        var stored = await StoredAsync(r);
        stored.Should().HaveCount(3);
        stored.Should().ContainSingle(a => a.SessionId == r.Session1 && a.Status == AttendanceKind.Present && a.PresentMinutes == 100);
        stored.Should().ContainSingle(a => a.Status == AttendanceKind.Justified && a.Reason == "bolezen, zdravniško opravičilo");
        stored.Should().ContainSingle(a => a.SessionId == r.Session2 && a.Status == AttendanceKind.Absent);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Import_Windows1250WithSemicolonsAndSlovenianHeaders_DecodesČŠŽ(DatabaseProvider provider)
    {
        var r = await ArrangeAsync(provider);
        var csv = $"""
            Ime in priimek;E-pošta;Datum;Prisotnost;Minut;Razlog;Dokazilo
            Žiga Šuštar;{r.Ziga};{r.Day1:d. M. yyyy};Opravičeno;30;"šolsko tekmovanje; ekipa";"št. 7/čž"
            Ana Kovač;{r.Ana};{r.Day1:d.M.yyyy};prisotna;;;
            """;
        var body = Encoding.GetEncoding(1250).GetBytes(csv);
        body.Should().NotBeEquivalentTo(Encoding.UTF8.GetBytes(csv), "the test must really send Windows-1250");

        var response = await r.Setup.PostCsvAsync(r.RunId, body, "text/csv; charset=windows-1250");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stored = await StoredAsync(r);
        stored.Should().HaveCount(2);
        var justified = stored.Single(a => a.Status == AttendanceKind.Justified);
        justified.Reason.Should().Be("šolsko tekmovanje; ekipa");
        justified.ProofReference.Should().Be("št. 7/čž");
        justified.PresentMinutes.Should().Be(30);
        stored.Single(a => a.Status == AttendanceKind.Present).PresentMinutes.Should().Be(120);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Import_BadRows_Is400WithEveryLineAndColumnAndNothingIsWritten(DatabaseProvider provider)
    {
        var r = await ArrangeAsync(provider);
        var csv = string.Join("\n",
            "email;datum;status;minute;razlog",
            $"{r.Ana};{r.Day1:yyyy-MM-dd};prisoten;;",
            $"{r.Ziga};{r.Day1:yyyy-MM-dd};morda;;",
            $"nobody@example.org;{r.Day1:yyyy-MM-dd};prisoten;;",
            $"{r.Ziga};{r.Day2:yyyy-MM-dd};prisoten;ena ura;",
            $"{r.Ziga};2020-01-01;odsoten;;",
            "",
            $"{r.Ziga};{r.Day2:yyyy-MM-dd};opravičeno;;",
            $"{r.Ana};{r.Day1:yyyy-MM-dd};odsoten;;",
            $"{r.Ana};{r.Day2:yyyy-MM-dd};prisoten;500;");

        var response = await r.Setup.PostCsvAsync(r.RunId, Encoding.UTF8.GetBytes(csv));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail().Should().Contain("nothing was imported");
        var problems = problem.GetProperty("problems").EnumerateArray()
            .Select(p => (Line: p.GetProperty("line").GetInt32(), Column: p.GetProperty("column").GetString(), Message: p.GetProperty("message").GetString()!))
            .ToList();
        problems.Select(p => (p.Line, p.Column)).Should().Equal(
            (3, "status"), (4, "email"), (5, "minute"), (6, "datum"), (8, "razlog"), (9, "email"), (10, "minute"));
        problems[0].Message.Should().Contain("'morda'").And.Contain("prisoten");
        problems[1].Message.Should().Contain("not enrolled");
        problems[3].Message.Should().Contain("no session on 2020-01-01");
        problems[5].Message.Should().Contain("line 2", "the same learner and session appear twice");
        problems[6].Message.Should().Contain("90 minutes");
        (await StoredAsync(r)).Should().BeEmpty("one bad row keeps the whole register out");
    }

    [Fact]
    public async Task Import_MissingColumnsOrEmptyFile_Is400AtLine1()
    {
        var r = await ArrangeAsync(DatabaseProvider.Sqlite);

        var noStatus = await r.Setup.PostCsvAsync(r.RunId, Encoding.UTF8.GetBytes($"email,date\n{r.Ana},{r.Day1:yyyy-MM-dd}\n"));
        var empty = await r.Setup.PostCsvAsync(r.RunId, []);

        var problem = await noStatus.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var first = problem.GetProperty("problems")[0];
        first.GetProperty("line").GetInt32().Should().Be(1);
        first.GetProperty("message").GetString().Should().Contain("status");
        (await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("problems")[0].GetProperty("message").GetString().Should().Contain("empty");
    }

    [Fact]
    public async Task Import_BinaryGarbage_Is400()
    {
        var r = await ArrangeAsync(DatabaseProvider.Sqlite);
        var garbage = new byte[4096];
        new Random(5).NextBytes(garbage);

        var response = await r.Setup.PostCsvAsync(r.RunId, garbage, "application/octet-stream");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail().Should().Contain("not a CSV text file");
        (await StoredAsync(r)).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_OversizedFile_Is413()
    {
        var r = await ArrangeAsync(DatabaseProvider.Sqlite);
        var line = Encoding.UTF8.GetBytes($"{r.Ana},{r.Day1:yyyy-MM-dd},present,,\n");
        var body = Encoding.UTF8.GetBytes("email,date,status,minutes,reason\n")
            .Concat(Enumerable.Repeat(line, 2 * 1024 * 1024 / line.Length + 1).SelectMany(l => l)).ToArray();

        var response = await r.Setup.PostCsvAsync(r.RunId, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await StoredAsync(r)).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_SessionIdColumnAndReimport_ReplacesEarlierRecords()
    {
        var r = await ArrangeAsync(DatabaseProvider.Sqlite);
        var first = $"email,session,status\n{r.Ana},{r.Session2},absent\n";
        var second = $"email,session,status,minutes\n{r.Ana},{r.Session2},present,45\n";

        (await r.Setup.PostCsvAsync(r.RunId, Encoding.UTF8.GetBytes(first))).StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await r.Setup.PostCsvAsync(r.RunId, Encoding.UTF8.GetBytes(second));

        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replaced").GetInt32().Should().Be(1);
        var stored = (await StoredAsync(r)).Single();
        stored.Status.Should().Be(AttendanceKind.Present);
        stored.PresentMinutes.Should().Be(45);
    }
}
