using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BadgeForge.Api.Features.BulkIssuance;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Api.Tests.Trainings;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests.BulkIssuance;

/// Bulk issuance through HTTP: dry run, confirm and job, idempotency, cancel, roll back, results CSV.
public sealed class BulkIssuanceTests
{
    private static Task<List<Award>> AwardsAsync(BulkSetup s) =>
        s.App.WithDbAsync(db => db.Awards.Where(a => a.OrganisationId == s.Organisation.Id).ToListAsync());

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_MixedRows_ReportsEachLineAndIssuesNothing(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var holder = BulkSetup.NewEmail("holder");
        (await s.App.ClientFor(s.Trainer).PostAsJsonAsync($"/api/organisations/{s.Organisation.Id}/assertions",
            new { badge = BulkSetup.YouthBadge, recipientEmail = holder })).StatusCode.Should().Be(HttpStatusCode.Created);
        var ana = BulkSetup.NewEmail("ana");
        var csv = $"""
            email,name,badge,issuedOn,evidenceUrl,narrative,idempotencyKey
            {ana},"Novak, Ana",{BulkSetup.YouthBadge},2026-01-15,https://example.org/e/1,Vodila je projekt,k1
            not-an-email,Bine,{BulkSetup.YouthBadge},,,,k2
            {BulkSetup.NewEmail()},Cene,initiative-leader@1.0.0/no-such-badge,,,,k3
            {BulkSetup.NewEmail()},Dana,community-worker@2.0.0/sd.su.prostovoljci.l2,,,,k4
            {ana.ToUpperInvariant()},Ana,{BulkSetup.YouthBadge},,,,k5
            {holder},Eva,{BulkSetup.YouthBadge},,,,k6
            {BulkSetup.NewEmail()},Filip,{BulkSetup.YouthBadge},2999-01-01,,,k7
            {BulkSetup.NewEmail()},Gal,{BulkSetup.YouthBadge},,javascript:alert(1),,k8
            {BulkSetup.NewEmail()},Hana,{BulkSetup.YouthBadge},,,,k1
            """;

        var report = await s.UploadAsync(csv);

        var lines = report.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("line").GetInt32());
        lines.Should().HaveCount(9);
        lines[2].GetProperty("ok").GetBoolean().Should().BeTrue();
        string Problem(int line) => lines[line].GetProperty("message").GetProperty("en").GetString()!;
        string Slovenian(int line) => lines[line].GetProperty("message").GetProperty("sl").GetString()!;
        string Code(int line) => lines[line].GetProperty("code").GetString()!;
        string Column(int line) => lines[line].GetProperty("column").GetString()!;
        lines[2].GetProperty("code").ValueKind.Should().Be(JsonValueKind.Null);
        lines[2].GetProperty("message").ValueKind.Should().Be(JsonValueKind.Null);
        (Column(3), Code(3), Problem(3), Slovenian(3))
            .Should().Be(("email", "email.invalid", "'not-an-email' is not an email address.", "'not-an-email' ni e-poštni naslov."));
        (Column(4), Code(4)).Should().Be(("badge", "badge.unknown"));
        Problem(4).Should().Contain("has no badge 'no-such-badge'");
        Slovenian(4).Should().Contain("nima značke 'no-such-badge'");
        Code(5).Should().Be("badge.not-published");
        Problem(5).Should().Contain("draft");
        Slovenian(5).Should().Contain("osnutek");
        Code(6).Should().Be("badge.duplicate-in-file");
        Problem(6).Should().Contain("Duplicate in the file: line 2");
        Slovenian(6).Should().Contain("Podvojeno v datoteki: vrstica 2");
        Code(7).Should().Be("badge.already-held");
        Problem(7).Should().Contain("already holds this badge");
        Slovenian(7).Should().Contain("že ima to značko");
        (Column(8), Code(8), Problem(8)).Should().Be(("issuedOn", "issuedOn.future", "The issue date is in the future; a badge can only be awarded for what has happened."));
        Slovenian(8).Should().StartWith("Datum podelitve je v prihodnosti");
        (Column(9), Code(9)).Should().Be(("evidenceUrl", "evidenceUrl.invalid"));
        (Column(10), Code(10), Problem(10)).Should().Be(("idempotencyKey", "idempotencyKey.duplicate-in-file", "Duplicate in the file: line 2 has the same idempotency key."));
        Slovenian(10).Should().Be("Podvojeno v datoteki: vrstica 2 ima enak ključ.");
        var batch = report.GetProperty("batch");
        (batch.GetProperty("total").GetInt32(), batch.GetProperty("valid").GetInt32(), batch.GetProperty("invalid").GetInt32())
            .Should().Be((9, 1, 8));
        batch.GetProperty("state").GetString().Should().Be("Validated");
        (await AwardsAsync(s)).Should().ContainSingle(a => a.RecipientEmail == holder, "nothing is issued before confirmation");
        (await s.App.WithDbAsync(db => db.BulkRows.CountAsync(r => r.BatchId == BulkSetup.IdOf(report)))).Should().Be(9, "the dry run is stored");
        // The stored dry run says what the report says, the database lookups' refusals included: confirmation, the
        // job and the results CSV read the stored rows, not the report.
        var stored = await s.App.WithDbAsync(db => db.BulkRows.Where(r => r.BatchId == BulkSetup.IdOf(report)).ToDictionaryAsync(r => r.Line));
        (stored[7].State, stored[7].Column, stored[7].ProblemCode, stored[7].Problem).Should().Be(
            (BulkRowState.Invalid, "badge", "badge.already-held", Problem(7)));
        stored[7].ProblemSl.Should().Be(Slovenian(7));
        stored.Values.Where(r => r.State == BulkRowState.Pending).Select(r => r.Line).Should().Equal(2);
        var storedBatch = await s.App.WithDbAsync(db => db.BulkBatches.SingleAsync(b => b.Id == BulkSetup.IdOf(report)));
        (storedBatch.Total, storedBatch.Valid, storedBatch.Invalid).Should().Be((9, 1, 8));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Confirm_Windows1250Semicolons_IssuesEveryValidRowWithValidSignatures(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var rows = Enumerable.Range(1, 60).Select(i => $"{BulkSetup.NewEmail($"u{i}")};Žiga Šuštar {i};{BulkSetup.YouthBadge};5. 1. 2026;\"opis; č {i}\";key-{i}");
        var csv = "E-pošta;Ime in priimek;Značka;Datum;Opis;Ključ\r\n" + string.Join("\r\n", rows) + "\r\n";
        var response = await s.PostAsync(Encoding.GetEncoding(1250).GetBytes(csv), "text/csv; charset=windows-1250");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var batchId = BulkSetup.IdOf(await response.Content.ReadFromJsonAsync<JsonElement>());

        await s.ConfirmAsync(batchId);
        var done = await s.WaitUntilFinishedAsync(batchId);

        done.GetProperty("state").GetString().Should().Be("Completed");
        (done.GetProperty("done").GetInt32(), done.GetProperty("failed").GetInt32(), done.GetProperty("pending").GetInt32()).Should().Be((60, 0, 0));
        var awards = await AwardsAsync(s);
        awards.Should().HaveCount(60);
        awards.Select(a => a.BulkRowId).Should().OnlyHaveUniqueItems().And.NotContainNulls();
        awards.Should().Contain(a => a.RecipientName == "Žiga Šuštar 7" && a.Narrative == "opis; č 7" && a.IssuedOn == new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc));
        var key = await s.App.WithDbAsync(db => db.IssuerKeys.SingleAsync(k => k.OrganisationId == s.Organisation.Id));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PublicKeyPem);
        awards.Where(a => !Verifies(rsa, a.Jws)).Should().BeEmpty("every signed assertion verifies with the organisation's key");
        var hosted = await AssertionsTests.Get(s.App, $"{TestApp.PublicBaseUrl}/assertions/{awards[0].Id}", "application/ld+json");
        hosted.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ReuploadAndRerun_SameKeys_NoDuplicates(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var csv = "email,badge,idempotencyKey\n" + string.Join("\n", Enumerable.Range(1, 5).Select(i => $"{BulkSetup.NewEmail()},{BulkSetup.LeaderBadge},r-{i}"));
        var first = BulkSetup.IdOf(await s.UploadAsync(csv));
        var second = BulkSetup.IdOf(await s.UploadAsync(csv));
        await s.ConfirmAsync(first);
        (await s.WaitUntilFinishedAsync(first)).GetProperty("done").GetInt32().Should().Be(5);

        // The second dry run was made before the first was confirmed: confirming it now must not issue again.
        var conflict = await s.App.ClientFor(s.Trainer).PostAsync($"{s.Batches}/{second}/confirm", null);
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var third = await s.UploadAsync(csv);
        third.GetProperty("lines").EnumerateArray().Should().OnlyContain(l => l.GetProperty("code").GetString() == "idempotencyKey.already-done"
            && l.GetProperty("message").GetProperty("en").GetString()!.StartsWith("Already done")
            && l.GetProperty("message").GetProperty("sl").GetString()!.StartsWith("Že opravljeno"));
        var thirdId = BulkSetup.IdOf(third);
        (await s.App.WithDbAsync(db => db.BulkRows.Where(r => r.BatchId == thirdId).Select(r => new { r.State, r.ProblemCode }).ToListAsync()))
            .Should().HaveCount(5).And.OnlyContain(r => r.State == BulkRowState.Invalid && r.ProblemCode == "idempotencyKey.already-done",
                "the stored rows carry the lookups' refusals");
        var refusedConfirm = await s.App.ClientFor(s.Trainer).PostAsync($"{s.Batches}/{thirdId}/confirm", null);
        refusedConfirm.StatusCode.Should().Be(HttpStatusCode.Conflict, "a batch whose rows were all refused has nothing to confirm");

        await using (var scope = s.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BulkIssuanceProcessor>().RunAsync(first, CancellationToken.None);
            await s.App.WithDbAsync(db => db.BulkBatches.Where(b => b.Id == first)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.State, BulkBatchState.Running)));
            await scope.ServiceProvider.GetRequiredService<BulkIssuanceProcessor>().RunAsync(first, CancellationToken.None);
        }
        (await AwardsAsync(s)).Should().HaveCount(5, "a re-run job reads only pending rows");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Cancel_QueuedBatch_JobStopsAndIssuesNothingMore(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        var s = await BulkSetup.CreateAsync(app);
        var keyPrefix = Guid.NewGuid().ToString("N");
        var csv = "email,badge,idempotencyKey\n" + string.Join("\n", Enumerable.Range(1, 10).Select(i => $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge},{keyPrefix}-{i}"));
        var batchId = BulkSetup.IdOf(await s.UploadAsync(csv));
        await s.ConfirmAsync(batchId);

        var cancel = await app.ClientFor(s.Trainer).PostAsync($"{s.Batches}/{batchId}/cancel", null);
        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelRequestedAt").ValueKind.Should().Be(JsonValueKind.String);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BulkIssuanceProcessor>().RunAsync(batchId, CancellationToken.None);
        }

        var batch = await s.GetAsync(batchId);
        (batch.GetProperty("state").GetString(), batch.GetProperty("cancelled").GetInt32(), batch.GetProperty("done").GetInt32())
            .Should().Be(("Cancelled", 10, 0));
        (await AwardsAsync(s)).Should().BeEmpty();
        (await app.ClientFor(s.Trainer).PostAsync($"{s.Batches}/{batchId}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        // Nothing was issued under those keys, so the same file can be uploaded and confirmed again.
        var again = BulkSetup.IdOf(await s.UploadAsync(csv));
        (await s.GetAsync(again)).GetProperty("valid").GetInt32().Should().Be(10);
        await s.ConfirmAsync(again);
    }

    [SkippableFact]
    public async Task Job_RowsLockedByAnotherJob_AreLeftToItAndIssuedOnceWhenThatJobFails()
    {
        // PostgreSQL: a job skips rows another job holds locked (FOR UPDATE SKIP LOCKED) and claims after the last
        // line it claimed. Here the first rows are held by a "job" that then fails: the running job must not finish
        // the batch while they are held, and a later run must find them behind its cursor and issue each once.
        await using var app = await TestApp.StartAsync(DatabaseProvider.Postgres,
            new Dictionary<string, string?> { ["Jobs:RunServer"] = "false", ["BulkIssuance:ChunkSize"] = "5" });
        var s = await BulkSetup.CreateAsync(app);
        var csv = "email,badge\n" + string.Join("\n", Enumerable.Range(1, 12).Select(_ => $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge}"));
        var batchId = BulkSetup.IdOf(await s.UploadAsync(csv));
        await s.ConfirmAsync(batchId);

        await using (var holder = app.Services.CreateAsyncScope())
        {
            var other = holder.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
            await using var otherJob = await other.Database.BeginTransactionAsync();
            await other.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "BulkRows" WHERE "BatchId" = {batchId} AND "Line" <= 4 FOR UPDATE""");

            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<BulkIssuanceProcessor>().RunAsync(batchId, CancellationToken.None);
            }
            var meanwhile = await s.GetAsync(batchId);
            (meanwhile.GetProperty("state").GetString(), meanwhile.GetProperty("done").GetInt32(), meanwhile.GetProperty("pending").GetInt32())
                .Should().Be(("Running", 9, 3), "lines 2-4 are another job's to finish");
            await otherJob.RollbackAsync();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BulkIssuanceProcessor>().RunAsync(batchId, CancellationToken.None);
        }
        var done = await s.GetAsync(batchId);
        (done.GetProperty("state").GetString(), done.GetProperty("done").GetInt32(), done.GetProperty("pending").GetInt32()).Should().Be(("Completed", 12, 0));
        var awards = await AwardsAsync(s);
        awards.Should().HaveCount(12);
        awards.Select(a => a.BulkRowId).Distinct().Should().HaveCount(12, "each row issued once");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RollBack_CompletedBatch_RevokesEveryAwardWithTheReason(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var csv = "email,badge\n" + string.Join("\n", Enumerable.Range(1, 4).Select(_ => $"{BulkSetup.NewEmail()},{BulkSetup.YouthBadge}"));
        var batchId = BulkSetup.IdOf(await s.UploadAsync(csv));
        await s.ConfirmAsync(batchId);
        (await s.WaitUntilFinishedAsync(batchId)).GetProperty("state").GetString().Should().Be("Completed");
        var shown = (await AwardsAsync(s))[0].Id;
        (await PageAsync(s.App, shown)).Should().Contain("Signed by its issuer and not revoked", "the page is now cached");

        (await s.App.ClientFor(s.Trainer).PostAsJsonAsync($"{s.Batches}/{batchId}/rollback", new { reason = "Napačen seznam" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden, "rolling back a whole batch is for organisation admins");
        var response = await s.App.ClientFor(s.Admin).PostAsJsonAsync($"{s.Batches}/{batchId}/rollback", new { reason = "Napačen seznam" });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("revoked").GetInt32().Should().Be(4);
        body.GetProperty("batch").GetProperty("state").GetString().Should().Be("RolledBack");
        var awards = await AwardsAsync(s);
        awards.Should().HaveCount(4).And.OnlyContain(a => a.RevokedAt != null && a.RevocationReason == "Napačen seznam");
        (await AssertionsTests.Get(s.App, $"{TestApp.PublicBaseUrl}/assertions/{awards[0].Id}", "application/ld+json"))
            .StatusCode.Should().Be(HttpStatusCode.Gone);
        (await PageAsync(s.App, shown)).Should().Contain("Badge revoked on", "a roll back drops the cached page at once");
        (await s.App.ClientFor(s.Admin).PostAsJsonAsync($"{s.Batches}/{batchId}/rollback", new { reason = "Še enkrat" }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    private static async Task<string> PageAsync(TestApp app, string assertionId)
    {
        var client = app.ClientFor(null);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return await (await client.GetAsync($"/assertions/{assertionId}")).Content.ReadAsStringAsync();
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ResultsCsv_HostileCells_AreNeutralisedForSpreadsheets(DatabaseProvider provider)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(provider));
        var csv = $"""
            email,name,badge,idempotencyKey
            {BulkSetup.NewEmail()},"=HYPERLINK(""http://evil.example"",""x"")",{BulkSetup.YouthBadge},+cmd
            {BulkSetup.NewEmail()},@SUM(A1),{BulkSetup.YouthBadge},-2
            bad,Ana,{BulkSetup.YouthBadge},
            """;
        var batchId = BulkSetup.IdOf(await s.UploadAsync(csv));
        await s.ConfirmAsync(batchId);
        await s.WaitUntilFinishedAsync(batchId);

        var response = await s.App.ClientFor(s.Trainer).GetAsync($"{s.Batches}/{batchId}/results.csv");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > 1
            ? text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            : text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(4);
        lines[1].Should().StartWith("2,issued,").And.Contain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"").And.Contain(",'+cmd,");
        lines[2].Should().Contain(",'@SUM(A1),").And.Contain(",'-2,");
        lines[3].Should().StartWith("4,invalid,bad,");
        var cells = lines.SelectMany(l => l.Split(',')).Select(c => c.TrimStart('"'));
        cells.Should().NotContain(c => c.Length > 0 && "=+-@".Contains(c[0]), "no cell may start a formula");
    }

    public static TheoryData<string, string, string> HostileFiles => new()
    {
        { "binary", "application/octet-stream", "not a CSV text file" },
        { "no header", "text/csv", "unknown column" },
        { "missing badge column", "text/csv", "lacks the column(s) badge" },
        { "extra cells", "text/csv", "cells but the header names" },
        { "unknown JSON property", "application/json", "not a JSON object" },
        { "too many rows", "text/csv", "more than 10000 rows" },
        { "broken quote", "text/csv", "never closed" },
    };

    [SkippableTheory]
    [MemberData(nameof(HostileFiles))]
    public async Task Upload_HostileFile_IsRefusedBeforeAnythingIsStored(string kind, string contentType, string message)
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var email = BulkSetup.NewEmail();
        var body = kind switch
        {
            "binary" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D],
            "no header" => Encoding.UTF8.GetBytes($"{email},{BulkSetup.YouthBadge}\n"),
            "missing badge column" => Encoding.UTF8.GetBytes($"email,name\n{email},Ana\n"),
            "extra cells" => Encoding.UTF8.GetBytes($"email,badge\n{email},{BulkSetup.YouthBadge},surprise\n"),
            "unknown JSON property" => Encoding.UTF8.GetBytes($$"""{"rows":[{"recipientEmail":"{{email}}","badge":"{{BulkSetup.YouthBadge}}","admin":true}]}"""),
            "too many rows" => Encoding.UTF8.GetBytes("email,badge\n" + string.Concat(Enumerable.Range(0, 10_001).Select(i => $"u{i}@example.org,{BulkSetup.YouthBadge}\n"))),
            _ => Encoding.UTF8.GetBytes($"email,badge\n\"{email},{BulkSetup.YouthBadge}\n"),
        };

        var response = await s.PostAsync(body, contentType);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain(message);
        (await s.App.WithDbAsync(db => db.BulkBatches.CountAsync(b => b.OrganisationId == s.Organisation.Id))).Should().Be(0);
    }

    [Fact]
    public async Task Upload_OverSizeLimit_Is413()
    {
        var s = await BulkSetup.CreateAsync(await TestApp.For(DatabaseProvider.Sqlite));
        var response = await s.PostAsync(Encoding.UTF8.GetBytes("email,badge\n" + new string('x', 17 * 1024 * 1024)));
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await s.App.WithDbAsync(db => db.BulkBatches.CountAsync(b => b.OrganisationId == s.Organisation.Id))).Should().Be(0);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_JsonCompletions_ChecksCriteriaAgainstTheRecords(DatabaseProvider provider)
    {
        var app = await TestApp.For(provider);
        var s = await BulkSetup.CreateAsync(app);
        var training = new TrainingSetup(app, s.Organisation, s.Trainer, app.ClientFor(s.Trainer));
        var runId = await training.CreateRunAsync();
        var enrolled = BulkSetup.NewEmail("enrolled");
        await training.EnrolAsync(runId, enrolled);
        var stranger = BulkSetup.NewEmail("stranger");
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            rows = new[]
            {
                new { recipientEmail = enrolled, badge = BulkSetup.YouthBadge },
                new { recipientEmail = stranger, badge = BulkSetup.YouthBadge },
            },
        });

        var response = await s.PostAsync(json, "application/json", "?kind=Completions");

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var lines = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines").EnumerateArray().ToList();
        lines[0].GetProperty("code").GetString().Should().Be("completion.criteria-not-met");
        lines[0].GetProperty("message").GetProperty("en").GetString().Should().StartWith("Criteria not met");
        lines[0].GetProperty("message").GetProperty("sl").GetString().Should().StartWith("Pogoji niso izpolnjeni");
        lines[1].GetProperty("code").GetString().Should().Be("completion.no-records");
        lines[1].GetProperty("message").GetProperty("en").GetString().Should().Contain("no training records");
        lines[1].GetProperty("column").GetString().Should().Be("recipientEmail");
        var batchId = (await s.App.WithDbAsync(db => db.BulkRows.SingleAsync(r => r.RecipientEmail == enrolled))).BatchId;
        var stored = await s.App.WithDbAsync(db => db.BulkRows.Where(r => r.BatchId == batchId).OrderBy(r => r.Line).ToListAsync());
        stored.Select(r => (r.State, r.ProblemCode)).Should().Equal(
            (BulkRowState.Invalid, "completion.criteria-not-met"), (BulkRowState.Invalid, "completion.no-records"));
        (await s.App.WithDbAsync(db => db.BulkBatches.SingleAsync(b => b.Id == batchId))).Valid.Should().Be(0);
    }

    private static bool Verifies(RSA rsa, string jws)
    {
        var lastDot = jws.LastIndexOf('.');
        return rsa.VerifyData(Encoding.ASCII.GetBytes(jws[..lastDot]), AssertionsTests.Base64Url(jws[(lastDot + 1)..]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
