using System.Text;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.Csv;
using BadgeForge.Data;
using BadgeForge.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <summary>
/// Each row's outcome as CSV (UTF-8 with BOM, so Excel reads č, š, ž). Every cell that a spreadsheet would run as a
/// formula is neutralised (<see cref="CsvCells.Cell"/>): the file echoes what uploaders wrote.
/// </summary>
internal static class BulkResultsCsv
{
    /// The problem in both languages (sporocilo: Slovenian, message: English), with its stable code.
    public const string Header = "line,status,email,name,badge,idempotencyKey,assertionId,assertionUrl,column,code,sporocilo,message";

    public static async Task<IResult> DownloadAsync(Guid orgId, Guid batchId, BadgeForgeDbContext db, BadgeUrls urls, CancellationToken ct)
    {
        var batch = await BulkProgress.FindAsync(db, orgId, batchId, ct);
        if (batch is null)
        {
            return BulkProgress.NotFound(orgId, batchId);
        }
        var rows = db.BulkRows.AsNoTracking().Where(r => r.BatchId == batchId).OrderBy(r => r.Line).AsAsyncEnumerable();
        return TypedResults.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536);
            await writer.WriteLineAsync(Header);
            await foreach (var r in rows.WithCancellation(ct))
            {
                var url = r.AssertionId is null ? null : urls.Assertion(r.AssertionId).ToString();
                var problem = BulkRowProblems.Of(r);
                await writer.WriteLineAsync(string.Join(',',
                    r.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Status(r.State), CsvCells.Cell(r.RecipientEmail), CsvCells.Cell(r.RecipientName),
                    CsvCells.Cell(r.Badge), CsvCells.Cell(r.IdempotencyKey), CsvCells.Cell(r.AssertionId), CsvCells.Cell(url), CsvCells.Cell(r.Column),
                    CsvCells.Cell(problem?.Code), CsvCells.Cell(problem?.Message.Sl), CsvCells.Cell(problem?.Message.En)));
            }
        }, "text/csv; charset=utf-8", $"bulk-{batchId}-results.csv");
    }

    private static string Status(BulkRowState state) => state switch
    {
        BulkRowState.Invalid => "invalid",
        BulkRowState.Pending => "pending",
        BulkRowState.Issued => "issued",
        BulkRowState.Failed => "failed",
        _ => "cancelled",
    };

}
