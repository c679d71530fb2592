using BadgeForge.Api.Infrastructure;
using BadgeForge.Api.Tests.Infrastructure;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeForge.Api.Tests;

public sealed class SqliteBulkWriteTests
{
    [Fact]
    public async Task Insert_StoresEveryColumnExactlyAsSaveChangesDoes()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var organisation = await app.CreateOrganisationAsync();
        var batchId = Guid.NewGuid();
        BulkRow Row(Guid id) => new()
        {
            Id = id, BatchId = batchId, OrganisationId = organisation.Id, Line = 7, State = BulkRowState.Failed,
            RecipientEmail = "ana@example.org", RecipientName = "Ana Šuštar", Badge = "m@1.0.0/b",
            IssuedOn = new DateTime(2026, 1, 5, 10, 30, 15, 123, DateTimeKind.Utc), EvidenceUrl = "https://example.org/e",
            Narrative = "opis; \"č\"", IdempotencyKey = "k-1", Column = "badge", Problem = "Unknown badge.",
            ProblemCode = "badge.unknown", ProblemSl = "Neznana značka.", AssertionId = null,
            ProcessedAt = new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc),
        };
        var (viaEf, viaInsert) = (Guid.NewGuid(), Guid.NewGuid());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
            db.BulkRows.Add(Row(viaEf));
            await db.SaveChangesAsync();
            await SqliteBulkWrite.InsertAsync(db, [Row(viaInsert)], CancellationToken.None);
        }

        var stored = await RawAsync(app, viaEf, viaInsert);

        stored.Bulk.Should().Be(stored.Ef);
        stored.Ef.Should().Contain("Ana Šuštar").And.Contain("Failed").And.Contain("2026-01-05 10:30:15.123");
        (await app.WithDbAsync(db => db.BulkRows.AsNoTracking().SingleAsync(r => r.Id == viaInsert)))
            .Should().BeEquivalentTo(Row(viaInsert), "EF reads back what the insert wrote");
    }

    [Fact]
    public async Task Update_StoresTheNamedColumnsExactlyAsSaveChangesDoes()
    {
        var app = await TestApp.For(DatabaseProvider.Sqlite);
        var organisation = await app.CreateOrganisationAsync();
        var batchId = Guid.NewGuid();
        BulkRow Row(Guid id) => new()
        {
            Id = id, BatchId = batchId, OrganisationId = organisation.Id, Line = 3, State = BulkRowState.Pending,
            RecipientEmail = "ana@example.org", Badge = "m@1.0.0/b", IdempotencyKey = "k-1",
        };
        void Outcome(BulkRow row)
        {
            row.State = BulkRowState.Failed;
            row.ProcessedAt = new DateTime(2026, 2, 1, 8, 0, 0, 250, DateTimeKind.Utc);
            row.Column = "badge";
            row.Problem = "Unknown badge.";
            row.ProblemCode = "badge.unknown";
            row.ProblemSl = "Neznana značka »č«.";
        }
        var (viaEf, viaUpdate) = (Guid.NewGuid(), Guid.NewGuid());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BadgeForgeDbContext>();
            db.BulkRows.AddRange(Row(viaEf), Row(viaUpdate));
            await db.SaveChangesAsync();
            Outcome(await db.BulkRows.SingleAsync(r => r.Id == viaEf));
            await db.SaveChangesAsync();
            var untracked = Row(viaUpdate);
            Outcome(untracked);
            untracked.RecipientEmail = "not-written@example.org"; // not among the named properties
            await SqliteBulkWrite.UpdateAsync(db, [untracked],
                [nameof(BulkRow.State), nameof(BulkRow.ProcessedAt), nameof(BulkRow.Column), nameof(BulkRow.Problem),
                 nameof(BulkRow.ProblemCode), nameof(BulkRow.ProblemSl), nameof(BulkRow.AssertionId)], CancellationToken.None);
        }

        var stored = await RawAsync(app, viaEf, viaUpdate);
        stored.Bulk.Should().Be(stored.Ef);
        stored.Ef.Should().Contain("Failed").And.Contain("2026-02-01 08:00:00.25").And.Contain("ana@example.org");
    }

    /// The raw stored form of every column (type and value) of two rows, not what EF makes of it when reading.
    private static Task<(string Ef, string Bulk)> RawAsync(TestApp app, Guid viaEf, Guid viaBulk) => app.WithDbAsync(async db =>
    {
        var columns = db.Model.FindEntityType(typeof(BulkRow))!.GetProperties().Select(p => p.GetColumnName()).Where(c => c != "Id").ToList();
        // The ids differ, so only their stored form is compared: type, length and letter case.
        var select = "typeof(\"Id\") || ':' || length(\"Id\") || ':' || (upper(\"Id\") = \"Id\") || '|' || " +
            string.Join(" || '|' || ", columns.Select(c => $"typeof(\"{c}\") || ':' || quote(\"{c}\")"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        async Task<string> Raw(Guid id)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {select} FROM \"BulkRows\" WHERE \"Id\" = (SELECT \"Id\" FROM \"BulkRows\" WHERE upper(\"Id\") = upper('{id}'))";
            return (string)(await command.ExecuteScalarAsync())!;
        }
        return (Ef: await Raw(viaEf), Bulk: await Raw(viaBulk));
    });
}
