using System.Globalization;
using System.Text;
using BadgeForge.Api.Features.Assertions;
using BadgeForge.Api.Features.Auth;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.Trainings;

/// <summary>
/// Imports an attendance register exported from a spreadsheet. Slovenian Excel saves "CSV" as Windows-1250 with
/// semicolons (the decimal comma takes the comma), LibreOffice and Google Sheets as UTF-8 with commas, sometimes with
/// a BOM; all of them are accepted. Every bad row is reported with its line and column, and nothing is written unless
/// every row is good.
/// </summary>
internal static class ImportAttendanceCsv
{
    /// A register with more problems than this is the wrong file; the first ones say enough.
    private const int MaxReportedProblems = 500;

    private static readonly string[] EmailColumns = ["email", "e-mail", "e-pošta", "e-posta", "eposta", "mail"];
    private static readonly string[] SessionColumns = ["session", "sessionid", "session id", "session_id"];
    private static readonly string[] DateColumns = ["date", "datum", "session date", "session_date"];
    private static readonly string[] StatusColumns = ["status", "prisotnost", "attendance"];
    private static readonly string[] MinutesColumns = ["minutes", "minute", "minut", "min"];
    private static readonly string[] ReasonColumns = ["reason", "razlog"];
    private static readonly string[] ProofColumns = ["proof", "proofreference", "proof reference", "proof_reference", "dokazilo"];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy", "d. M. yyyy", "d.M.yyyy.", "d. M. yyyy."];

    private static readonly Dictionary<string, AttendanceKind> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["present"] = AttendanceKind.Present,
        ["prisoten"] = AttendanceKind.Present,
        ["prisotna"] = AttendanceKind.Present,
        ["prisotno"] = AttendanceKind.Present,
        ["absent"] = AttendanceKind.Absent,
        ["odsoten"] = AttendanceKind.Absent,
        ["odsotna"] = AttendanceKind.Absent,
        ["odsotno"] = AttendanceKind.Absent,
        ["justified"] = AttendanceKind.Justified,
        ["excused"] = AttendanceKind.Justified,
        ["opravičeno"] = AttendanceKind.Justified,
        ["opravičen"] = AttendanceKind.Justified,
        ["opravičena"] = AttendanceKind.Justified,
        ["opraviceno"] = AttendanceKind.Justified,
        ["opravicen"] = AttendanceKind.Justified,
        ["opravicena"] = AttendanceKind.Justified,
    };

    public static async Task<Results<Ok<AttendanceResult>, ProblemHttpResult>> ImportAsync(
        Guid orgId, Guid runId, HttpContext http, BadgeForgeDbContext db, ModelRegistry registry, AwardIssuer issuer, BadgeUrls urls,
        TimeProvider clock, CancellationToken ct)
    {
        if (await TrainingsEndpoints.FindRunAsync(db, orgId, runId, ct) is not { } run)
        {
            return TrainingsEndpoints.RunNotFound(orgId, runId);
        }
        var bytes = await CsvText.ReadBodyAsync(http.Request, TrainingsEndpoints.MaxCsvBytes, ct);
        if (bytes is null)
        {
            return TypedResults.Problem($"The file is larger than {TrainingsEndpoints.MaxCsvBytes} bytes; split the register.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large");
        }
        if (CsvText.Decode(bytes) is not { } text)
        {
            return Invalid("The body is not a CSV text file (UTF-8 or Windows-1250).", [new CsvProblem(1, null, "Not text: binary data or control characters.")]);
        }

        var sessions = await db.TrainingSessions.AsNoTracking().Where(s => s.RunId == run.Id).ToListAsync(ct);
        var (inputs, problems, columnOf) = Parse(text, sessions);
        if (inputs is null)
        {
            return Invalid("The CSV file cannot be read as an attendance register.", problems);
        }
        var earlier = problems.Select(p => new AttendanceInputProblem(p.Line, p.Column ?? "", p.Message)).ToList();
        var outcome = await RecordAttendance.ApplyAsync(db, run, inputs, earlier, line => $"line {line}",
            http.User.RequiredAccountId(), clock.GetUtcNow().UtcDateTime, ct);
        switch (outcome)
        {
            case AttendanceOutcome.Saved saved:
                return TypedResults.Ok(await RecordAttendance.WithAutoAwardAsync(saved.Result, http, db, registry, issuer, urls, run, inputs, clock, ct));
            case AttendanceOutcome.Invalid invalid:
                var all = invalid.Problems
                    .Select(p => new CsvProblem(p.Position, columnOf.TryGetValue(p.Field, out var column) ? column : NullIfEmpty(p.Field), p.Message))
                    .OrderBy(p => p.Line).ThenBy(p => p.Column, StringComparer.Ordinal).ToList();
                return Invalid($"{all.Select(p => p.Line).Distinct().Count()} row(s) of the register have problems; nothing was imported.", all);
            default:
                return Problems.Conflict("Another request recorded attendance for the same sessions at the same moment; import the file again.");
        }
    }

    private static ProblemHttpResult Invalid(string detail, IReadOnlyList<CsvProblem> problems) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = problems.Take(MaxReportedProblems).ToList(),
                ["truncated"] = problems.Count > MaxReportedProblems,
            });

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Reads every row; returns the rows that parsed, the problems of those that did not, and field → column.</summary>
    /// <returns>Null inputs when the file as a whole is unusable (no header, missing columns).</returns>
    private static (List<AttendanceInput>? Inputs, List<CsvProblem> Problems, Dictionary<string, string> ColumnOf) Parse(
        string text, IReadOnlyList<TrainingSession> sessions)
    {
        var problems = new List<CsvProblem>();
        var options = CsvText.ReaderOptions(text, (line, message) => problems.Add(new CsvProblem(line, null, message.En)));
        using var reader = CsvReader.FromText(text, options);
        string[] header;
        try
        {
            header = [.. reader.Headers];
        }
        catch (CsvFormatException)
        {
            return (null, [new CsvProblem(1, null, "The header line is malformed.")], []);
        }
        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            return (null, [new CsvProblem(1, null, "The file is empty: the first line must name the columns (email, date or session, status, minutes, reason).")], []);
        }
        var names = header.Select(h => h.Trim().Trim('\uFEFF')).ToArray();
        int Find(string[] aliases) => Array.FindIndex(names, n => aliases.Contains(n.ToLowerInvariant()));
        int email = Find(EmailColumns), session = Find(SessionColumns), date = Find(DateColumns), status = Find(StatusColumns),
            minutes = Find(MinutesColumns), reason = Find(ReasonColumns), proof = Find(ProofColumns);
        var missing = new List<string>();
        if (email < 0) missing.Add("email");
        if (session < 0 && date < 0) missing.Add("date (or session)");
        if (status < 0) missing.Add("status");
        if (missing.Count > 0)
        {
            return (null, [new CsvProblem(1, null,
                $"The header lacks the column(s) {string.Join(", ", missing)}; it has {string.Join(", ", names.Select(n => $"'{n}'"))}. " +
                "Columns: email, date (yyyy-mm-dd or d. m. yyyy) or session (id), status (present/prisoten, absent/odsoten, justified/opravičeno), minutes, reason, proof.")], []);
        }
        var sessionColumn = session >= 0 ? session : date;
        var columnOf = new Dictionary<string, string>
        {
            ["sessionId"] = names[sessionColumn],
            ["email"] = names[email],
            ["status"] = names[status],
        };
        if (minutes >= 0) columnOf["minutes"] = names[minutes];
        if (reason >= 0) columnOf["reason"] = names[reason];

        var byDate = sessions.GroupBy(s => DateOnly.FromDateTime(s.StartsAt)).ToDictionary(g => g.Key, g => g.ToList());
        var inputs = new List<AttendanceInput>();
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var record = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "").ToArray();
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var before = problems.Count;
            void Problem(int column, string message) => problems.Add(new CsvProblem(line, names[column], message));
            string Cell(int column) => column >= 0 && column < record.Length ? record[column].Trim() : "";

            var address = Cell(email);
            if (address.Length == 0)
            {
                Problem(email, "The email is empty.");
            }
            else if (!LearnerDirectory.IsEmail(address))
            {
                Problem(email, $"'{Shorten(address)}' is not an email address.");
            }

            Guid sessionId = Guid.Empty;
            var sessionCell = Cell(sessionColumn);
            if (session >= 0)
            {
                if (!Guid.TryParse(sessionCell, out sessionId))
                {
                    Problem(session, $"'{Shorten(sessionCell)}' is not a session id of this run.");
                }
            }
            else if (!DateOnly.TryParseExact(sessionCell, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                Problem(date, $"'{Shorten(sessionCell)}' is not a date: write 2026-11-05 or 5. 11. 2026.");
            }
            else if (!byDate.TryGetValue(day, out var onDay))
            {
                Problem(date, $"The run has no session on {day:yyyy-MM-dd}.");
            }
            else if (onDay.Count > 1)
            {
                Problem(date, $"The run has {onDay.Count} sessions on {day:yyyy-MM-dd}: use a session column with their ids instead.");
            }
            else
            {
                sessionId = onDay[0].Id;
            }

            var statusCell = Cell(status);
            if (!Statuses.TryGetValue(statusCell, out var kind))
            {
                Problem(status, statusCell.Length == 0
                    ? "The status is empty: write present (prisoten), absent (odsoten) or justified (opravičeno)."
                    : $"'{Shorten(statusCell)}' is not a status: write present (prisoten), absent (odsoten) or justified (opravičeno).");
            }

            int? minuteValue = null;
            var minutesCell = Cell(minutes);
            if (minutesCell.Length > 0)
            {
                if (int.TryParse(minutesCell, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m <= 1440)
                {
                    minuteValue = m;
                }
                else
                {
                    Problem(minutes, $"'{Shorten(minutesCell)}' is not a number of minutes (a whole number from 0 to 1440).");
                }
            }
            var reasonCell = Cell(reason);
            if (reasonCell.Length > 500)
            {
                Problem(reason, "The reason is longer than 500 characters.");
            }
            var proofCell = Cell(proof);
            if (proofCell.Length > 200)
            {
                Problem(proof, "The proof reference is longer than 200 characters.");
            }
            if (problems.Count == before)
            {
                inputs.Add(new AttendanceInput(line, sessionId, address, kind, minuteValue, NullIfEmpty(reasonCell), NullIfEmpty(proofCell)));
            }
        }
        return (inputs, problems, columnOf);
    }

    private static string Shorten(string value) => CsvText.Shorten(value);
}
