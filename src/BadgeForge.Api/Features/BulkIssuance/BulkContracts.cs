using BadgeForge.Core;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Features.BulkIssuance;

/// <param name="Id">The batch.</param>
/// <param name="Kind">Awards or Completions.</param>
/// <param name="State">Validated (dry run only), Queued, Running, Completed, Cancelled or RolledBack.</param>
/// <param name="FileName">The uploaded file's name, if given.</param>
/// <param name="Total">Rows in the file.</param>
/// <param name="Valid">Rows that passed the dry run.</param>
/// <param name="Invalid">Rows with a problem; never issued.</param>
/// <param name="Done">Rows issued.</param>
/// <param name="Failed">Rows the issuer refused when the job ran.</param>
/// <param name="Pending">Valid rows not yet processed.</param>
/// <param name="Cancelled">Rows left out because the batch was cancelled.</param>
/// <param name="RatePerSecond">Rows processed per second since the job started.</param>
/// <param name="EtaSeconds">Estimated seconds until the pending rows are processed, while it runs.</param>
/// <param name="CreatedAt">Upload time (UTC).</param>
/// <param name="ConfirmedAt">Confirmation time.</param>
/// <param name="StartedAt">When the job started.</param>
/// <param name="FinishedAt">When the batch completed, was cancelled or rolled back.</param>
/// <param name="CancelRequestedAt">When cancelling was asked for.</param>
/// <param name="RollbackReason">Why the batch was rolled back.</param>
public sealed record BulkBatchResponse(
    Guid Id, BulkBatchKind Kind, BulkBatchState State, string? FileName, int Total, int Valid, int Invalid, int Done, int Failed,
    int Pending, int Cancelled, double RatePerSecond, double? EtaSeconds, DateTime CreatedAt, DateTime? ConfirmedAt,
    DateTime? StartedAt, DateTime? FinishedAt, DateTime? CancelRequestedAt, string? RollbackReason);

/// <param name="Items">This page of batches, newest first.</param>
/// <param name="Total">Batches of the organisation in all.</param>
public sealed record BulkBatchPage(List<BulkBatchResponse> Items, int Total);

/// <param name="Batch">The stored batch; confirm it to issue the valid rows.</param>
/// <param name="Lines">Every row: OK or its problem.</param>
public sealed record BulkDryRunReport(BulkBatchResponse Batch, List<BulkLineReport> Lines);

/// <param name="Line">Line in the CSV file (the header is line 1), or the 1-based index of a JSON row.</param>
/// <param name="Ok">True if the row will be issued on confirmation.</param>
/// <param name="Column">The column at fault, as in the header (or the JSON property).</param>
/// <param name="Code">What is wrong, as a stable code (e.g. email.invalid, badge.already-held); null when OK.</param>
/// <param name="Message">What is wrong with the row, in Slovenian and English; null when OK.</param>
public sealed record BulkLineReport(int Line, bool Ok, string? Column, string? Code, LocalizedText? Message)
{
    public static BulkLineReport For(BulkRow row)
    {
        var problem = BulkRowProblems.Of(row);
        return new(row.Line, row.State == BulkRowState.Pending, row.Column, problem?.Code, problem?.Message);
    }
}

/// <param name="Reason">Why every award of the batch is revoked; shown on each verification page.</param>
public sealed record RollBackBulkBatchRequest(
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MinLength(3),
               System.ComponentModel.DataAnnotations.MaxLength(1000)] string Reason);

/// <param name="Batch">The batch, now rolled back.</param>
/// <param name="Revoked">Awards revoked now.</param>
public sealed record BulkRollbackResponse(BulkBatchResponse Batch, int Revoked);

/// <param name="Rows">The awards or completions, each like a CSV row.</param>
public sealed record BulkJsonFile(List<BulkJsonRow>? Rows);

/// <param name="RecipientEmail">The earner's email.</param>
/// <param name="RecipientName">The earner's name.</param>
/// <param name="Badge">model@version/badge.</param>
/// <param name="IssuedOn">yyyy-mm-dd (or d. m. yyyy); today if absent.</param>
/// <param name="EvidenceUrl">An http(s) link to the evidence.</param>
/// <param name="Narrative">What the earner did.</param>
/// <param name="IdempotencyKey">The caller's unique key for this award: a key is issued at most once.</param>
public sealed record BulkJsonRow(
    string? RecipientEmail, string? RecipientName, string? Badge, string? IssuedOn, string? EvidenceUrl, string? Narrative,
    string? IdempotencyKey);
