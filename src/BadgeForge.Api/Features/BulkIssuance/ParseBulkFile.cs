using System.Text.Json;
using System.Text.Json.Serialization;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core;
using CsvHelper;

namespace BadgeForge.Api.Features.BulkIssuance;

/// One row as written in the file, before any check.
internal sealed record BulkInput(
    int Line, string Email, string? Name, string Badge, string? IssuedOn, string? EvidenceUrl, string? Narrative, string? Key);

/// A problem with the file as a whole (line 0: the file) or with one line's structure: a stable code and both languages.
public sealed record BulkFileProblem(int Line, string? Column, BulkRowProblem Problem);

/// <summary>
/// Reads an uploaded batch: CSV as spreadsheets export it (UTF-8 with or without BOM or Windows-1250; comma,
/// semicolon or tab; quoted fields), or JSON. Structural problems (binary, no header, unknown or missing columns,
/// rows with more cells than the header, broken quoting) reject the whole file: such a file is the wrong file.
/// </summary>
internal static class ParseBulkFile
{
    public const string EmailColumn = "email";
    public const string NameColumn = "name";
    public const string BadgeColumn = "badge";
    public const string IssuedOnColumn = "issuedOn";
    public const string EvidenceColumn = "evidenceUrl";
    public const string NarrativeColumn = "narrative";
    public const string KeyColumn = "idempotencyKey";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["email"] = EmailColumn, ["e-mail"] = EmailColumn, ["e-pošta"] = EmailColumn, ["e-posta"] = EmailColumn,
        ["eposta"] = EmailColumn, ["recipientemail"] = EmailColumn, ["recipient email"] = EmailColumn, ["recipient_email"] = EmailColumn,
        ["name"] = NameColumn, ["ime"] = NameColumn, ["ime in priimek"] = NameColumn, ["recipientname"] = NameColumn,
        ["recipient name"] = NameColumn, ["recipient_name"] = NameColumn,
        ["badge"] = BadgeColumn, ["značka"] = BadgeColumn, ["znacka"] = BadgeColumn,
        ["issuedon"] = IssuedOnColumn, ["issued on"] = IssuedOnColumn, ["issued_on"] = IssuedOnColumn, ["issued"] = IssuedOnColumn,
        ["date"] = IssuedOnColumn, ["datum"] = IssuedOnColumn, ["datum podelitve"] = IssuedOnColumn,
        ["evidence"] = EvidenceColumn, ["evidenceurl"] = EvidenceColumn, ["evidence url"] = EvidenceColumn,
        ["evidence_url"] = EvidenceColumn, ["dokazilo"] = EvidenceColumn,
        ["narrative"] = NarrativeColumn, ["opis"] = NarrativeColumn, ["obrazložitev"] = NarrativeColumn,
        ["key"] = KeyColumn, ["idempotencykey"] = KeyColumn, ["idempotency key"] = KeyColumn, ["idempotency_key"] = KeyColumn,
        ["ključ"] = KeyColumn, ["kljuc"] = KeyColumn,
    };

    private static readonly LocalizedText ColumnsHelp = new(
        "Stolpci: email (obvezen), badge (obvezen, model@različica/značka), name, issuedOn (llll-mm-dd ali d. m. llll), " +
        "evidenceUrl, narrative, idempotencyKey (tudi e-pošta, značka, ime, datum, dokazilo, opis, ključ).",
        "Columns: email (required), badge (required, model@version/badge), name, issuedOn (yyyy-mm-dd or d. m. yyyy), " +
        "evidenceUrl, narrative, idempotencyKey.");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public sealed record Result(List<BulkInput>? Rows, List<BulkFileProblem> Problems, Dictionary<string, string> ColumnNames);

    public static Result Parse(byte[] bytes, bool json, int maxRows)
    {
        if (json)
        {
            return ParseJson(bytes, maxRows);
        }
        if (CsvText.Decode(bytes) is not { } text)
        {
            return Fail(0, "file.not-text", new("Datoteka ni besedilna datoteka CSV (UTF-8 ali Windows-1250): vsebuje binarne podatke ali kontrolne znake.",
                "The file is not a CSV text file (UTF-8 or Windows-1250): binary data or control characters."));
        }
        return ParseCsv(text, maxRows);
    }

    private static Result Fail(int line, string code, LocalizedText message, string? column = null) =>
        new(null, [new BulkFileProblem(line, column, new BulkRowProblem(code, message))], []);

    private static Result ParseJson(byte[] bytes, int maxRows)
    {
        BulkJsonFile? file;
        try
        {
            file = JsonSerializer.Deserialize<BulkJsonFile>(bytes, Json);
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split(" Path:")[0];
            return Fail(0, "file.json", new("Telo ni predmet JSON {\"rows\": [...]} z znanimi lastnostmi: " + reason,
                "The body is not a JSON object {\"rows\": [...]} of known properties: " + reason), e.Path?.TrimStart('$', '.'));
        }
        if (file?.Rows is not { } rows)
        {
            return Fail(0, "file.no-rows", new("Telo nima vrstic: pošljite {\"rows\": [{\"recipientEmail\": …, \"badge\": …}]}.",
                "The body has no rows: send {\"rows\": [{\"recipientEmail\": …, \"badge\": …}]}."), "rows");
        }
        if (rows.Count > maxRows)
        {
            return Fail(0, "file.too-many-rows", new($"Paket ima {rows.Count} vrstic; naenkrat jih je sprejetih največ {maxRows}.",
                $"The batch has {rows.Count} rows; at most {maxRows} are accepted at once."), "rows");
        }
        var inputs = rows.Select((r, i) => new BulkInput(i + 1, r?.RecipientEmail?.Trim() ?? "", Empty(r?.RecipientName), r?.Badge?.Trim() ?? "",
            Empty(r?.IssuedOn), Empty(r?.EvidenceUrl), Empty(r?.Narrative), Empty(r?.IdempotencyKey))).ToList();
        var names = new Dictionary<string, string>
        {
            [EmailColumn] = "recipientEmail", [NameColumn] = "recipientName", [BadgeColumn] = "badge", [IssuedOnColumn] = "issuedOn",
            [EvidenceColumn] = "evidenceUrl", [NarrativeColumn] = "narrative", [KeyColumn] = "idempotencyKey",
        };
        return new(inputs, [], names);
    }

    private static Result ParseCsv(string text, int maxRows)
    {
        var problems = new List<BulkFileProblem>();
        using var reader = CsvReader.FromText(text, CsvText.ReaderOptions(text, (line, message) => problems.Add(new BulkFileProblem(line, null, new BulkRowProblem("row.quoting", message)))));
        string[] header;
        try
        {
            header = [.. reader.Headers];
        }
        catch (CsvFormatException)
        {
            return Fail(1, "header.malformed", new("Vrstica z glavo je napačna.", "The header line is malformed."));
        }
        var names = header.Select(h => h.Trim().Trim('\uFEFF')).ToArray();
        if (names.Length == 0 || names.All(string.IsNullOrWhiteSpace))
        {
            return Fail(1, "header.empty", new("Datoteka je prazna: prva vrstica mora poimenovati stolpce. " + ColumnsHelp.Sl,
                "The file is empty: the first line must name the columns. " + ColumnsHelp.En));
        }
        var unknown = names.Where(n => !Aliases.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            var listed = string.Join(", ", unknown.Select(n => $"'{CsvText.Shorten(n)}'"));
            return Fail(1, "header.unknown-columns", new($"Glava ima neznane stolpce {listed}: je prva vrstica res glava? " + ColumnsHelp.Sl,
                $"The header has unknown column(s) {listed}: is the first line a header? " + ColumnsHelp.En));
        }
        var canonical = names.Select(n => Aliases[n]).ToArray();
        if (canonical.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return Fail(1, "header.duplicate-column", new($"Glava stolpec {twice.Key} navede večkrat.", $"The header names the column {twice.Key} more than once."));
        }
        var missing = new[] { EmailColumn, BadgeColumn }.Where(c => !canonical.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            var lacking = string.Join(", ", missing);
            var has = string.Join(", ", names.Select(n => $"'{CsvText.Shorten(n)}'"));
            return Fail(1, "header.missing-columns", new($"Glavi manjkajo stolpci {lacking}; ima {has}. " + ColumnsHelp.Sl,
                $"The header lacks the column(s) {lacking}; it has {has}. " + ColumnsHelp.En));
        }
        var columnNames = canonical.Zip(names).ToDictionary(p => p.First, p => p.Second);
        int Index(string c) => Array.IndexOf(canonical, c);
        int email = Index(EmailColumn), name = Index(NameColumn), badge = Index(BadgeColumn), issued = Index(IssuedOnColumn),
            evidence = Index(EvidenceColumn), narrative = Index(NarrativeColumn), key = Index(KeyColumn);

        var rows = new List<BulkInput>();
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var record = new string[reader.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = reader.GetString(i) ?? "";
            }
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (record.Length > names.Length && record.Skip(names.Length).Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                problems.Add(new BulkFileProblem(line, null, new BulkRowProblem("row.too-many-cells", new(
                    $"Vrstica ima {record.Length} celic, glava pa navaja {names.Length} stolpcev.",
                    $"The row has {record.Length} cells but the header names {names.Length} columns."))));
                continue;
            }
            if (rows.Count == maxRows)
            {
                return Fail(line, "file.too-many-rows", new($"Datoteka ima več kot {maxRows} vrstic; razdelite jo v pakete po največ {maxRows}.",
                    $"The file has more than {maxRows} rows; split it into batches of at most {maxRows}."));
            }
            string Cell(int column) => column >= 0 && column < record.Length ? record[column].Trim() : "";
            rows.Add(new BulkInput(line, Cell(email), Empty(Cell(name)), Cell(badge), Empty(Cell(issued)), Empty(Cell(evidence)),
                Empty(Cell(narrative)), Empty(Cell(key))));
        }
        return problems.Count > 0 ? new(null, problems, columnNames) : new(rows, [], columnNames);
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
