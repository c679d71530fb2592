using System.Net;
using System.Text;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Tests.BulkIssuance;

/// Per-row problems in both languages with a stable code: in the dry run report and in the results CSV, also for
/// rows the job could not issue (it stores the issuer's English message only).
public sealed class BulkRowMessagesTests
{
    private const string Header = "line,status,email,name,badge,idempotencyKey,assertionId,assertionUrl,column,code,sporocilo,message";

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ResultsCsv_RowsTheJobRefused_CarryCodeAndBothLanguages(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var csv = "email,badge,evidenceUrl,idempotencyKey\n"
            + string.Join("\n", Enumerable.Range(0, 9).Select(i => $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},https://example.org/e,key-{i}"))
            + "\nbad@,badge,,key-bad";
        var batchId = BulkSetup.IdOf(await s.UploadAsync(csv));
        // What changes between a dry run and the job (a model version withdrawn, a file edited in the database): the
        // job's issuer refuses these rows with its own English messages.
        var tampered = new (int Line, Func<BadgeForgeDbContext, IQueryable<BulkRow>, Task> Change, string Code)[]
        {
            (3, (_, q) => q.ExecuteUpdateAsync(u => u.SetProperty(r => r.Badge, "nonsense")), "badge.reference"),
            (4, (_, q) => q.ExecuteUpdateAsync(u => u.SetProperty(r => r.Badge, "no-such-model@1.0.0/x")), "badge.model-unknown"),
            (5, (_, q) => q.ExecuteUpdateAsync(u => u.SetProperty(r => r.Badge, "initiative-leader@9.9.9/x")), "badge.version-unknown"),
            (6, (_, q) => q.ExecuteUpdateAsync(u => u.SetProperty(r => r.Badge, "initiative-leader@1.0.0/nope")), "badge.unknown"),
            (7, (_, q) => q.ExecuteUpdateAsync(u => u.SetProperty(r => r.Badge, "community-worker@2.0.0/sd.su.prostovoljci.l2")), "badge.not-published"),
            (8, (_, q) => q.ExecuteUpdateAsync(u => u.SetProperty(r => r.RecipientEmail, "not-an-email")), "email.invalid"),
            (9, (_, q) => q.ExecuteUpdateAsync(u => u.SetProperty(r => r.IssuedOn, new DateTime(2999, 1, 1, 0, 0, 0, DateTimeKind.Utc))), "issuedOn.future"),
            (10, (_, q) => q.ExecuteUpdateAsync(u => u.SetProperty(r => r.EvidenceUrl, "javascript:alert(1)")), "evidenceUrl.invalid"),
        };
        foreach (var (line, change, _) in tampered)
        {
            await s.App.WithDbAsync(async db =>
            {
                await change(db, db.BulkRows.Where(r => r.BatchId == batchId && r.Line == line));
                return 0;
            });
        }

        await s.ConfirmAsync(batchId);
        var done = await s.WaitUntilFinishedAsync(batchId);
        var response = await s.App.ClientFor(s.Trainer).GetAsync($"{s.Batches}/{batchId}/results.csv");

        (done.GetProperty("done").GetInt32(), done.GetProperty("failed").GetInt32()).Should().Be((1, 8));
        // A refused row issued nothing, so its key may be used again (also the key of line 11, which the dry run
        // refused); the issued row keeps its key.
        var again = await s.UploadAsync("email,badge,idempotencyKey\n"
            + string.Join("\n", Enumerable.Range(0, 9).Select(i => $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},key-{i}")) + $"\n{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},key-bad");
        var codes = again.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("line").GetInt32(),
            l => l.TryGetProperty("code", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.String ? c.GetString() : null);
        codes[2].Should().Be("idempotencyKey.already-done");
        codes.Where(c => c.Key != 2).Should().AllSatisfy(c => c.Value.Should().BeNull($"line {c.Key}'s key was never issued"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = ParseCsv(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
        string.Join(',', rows[0]).Should().Be(Header);
        var byLine = rows.Skip(1).ToDictionary(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture));
        byLine[2][1].Should().Be("issued");
        (byLine[2][9], byLine[2][10], byLine[2][11]).Should().Be(("", "", ""));
        foreach (var (line, _, code) in tampered)
        {
            var row = byLine[line];
            (row[1], row[9]).Should().Be(("failed", code), $"line {line} was refused by the issuer");
            row[10].Should().NotBeNullOrWhiteSpace().And.NotBe(row[11], $"line {line} needs a Slovenian text of its own");
            row[11].Should().NotBeNullOrWhiteSpace();
        }
        byLine[5][10].Should().Be("Model 'initiative-leader' nima različice 9.9.9; ima 1.0.0.");
        byLine[5][11].Should().Be("Model 'initiative-leader' has no version 9.9.9; it has 1.0.0.");
        byLine[7][10].Should().Contain("osnutek");
        (byLine[11][1], byLine[11][8], byLine[11][9]).Should().Be(("invalid", "email", "email.invalid"));
        byLine[11][10].Should().Be("'bad@' ni e-poštni naslov.");
        byLine[11][11].Should().Be("'bad@' is not an email address.");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ResultsCsv_HostileCellInAMessage_IsNeutralised(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        // The message quotes the cell, so it starts with a quote, not the formula; the date problem quotes it too.
        var batchId = BulkSetup.IdOf(await s.UploadAsync($"email,badge,issuedOn\n{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},=1+1\n"));
        await s.App.WithDbAsync(db => db.BulkRows.Where(r => r.BatchId == batchId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ProblemSl, "=HYPERLINK(\"http://evil.example\")").SetProperty(r => r.Problem, "+cmd")));

        var response = await s.App.ClientFor(s.Trainer).GetAsync($"{s.Batches}/{batchId}/results.csv");

        var rows = ParseCsv(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
        (rows[1][9], rows[1][10], rows[1][11]).Should().Be(("issuedOn.invalid", "'=HYPERLINK(\"http://evil.example\")", "'+cmd"));
    }

    public static TheoryData<string, string, int, string, string> BadFiles => new()
    {
        { "email,badge\nana@example.org,x,surprise\n", "row.too-many-cells", 2, "Vrstica ima 3 celic", "The row has 3 cells" },
        { "email,badge\n\"ana@example.org,x\n", "row.quoting", 2, "Polje v narekovajih se nikoli ne zapre", "A quoted field is never closed" },
        { "email,name\nana@example.org,Ana\n", "header.missing-columns", 1, "Glavi manjkajo stolpci badge", "The header lacks the column(s) badge" },
        { "mail,badge\nana@example.org,x\n", "header.unknown-columns", 1, "Glava ima neznane stolpce 'mail'", "The header has unknown column(s) 'mail'" },
        { "email,badge\n", "file.no-rows", 1, "Za glavo ni vrstic.", "No rows after the header." },
    };

    [SkippableTheory]
    [MemberData(nameof(BadFiles))]
    public async Task Upload_BadFile_ProblemsHaveCodeAndBothLanguages(string csv, string code, int line, string sl, string en)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));

        var response = await s.PostCsvAsync(csv);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var first = problem.GetProperty("problems")[0];
        (first.GetProperty("line").GetInt32(), first.GetProperty("code").GetString()).Should().Be((line, code));
        first.GetProperty("message").GetProperty("sl").GetString().Should().StartWith(sl);
        first.GetProperty("message").GetProperty("en").GetString().Should().StartWith(en);
    }

    /// RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks.
    internal static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add([.. row]);
        }
        return rows;
    }
}
