using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Data.Entities;

namespace BadgeForge.Api.Features.BulkIssuance;

/// Bulk issuance settings (section "BulkIssuance").
public sealed class BulkIssuanceOptions
{
    public const string Section = "BulkIssuance";

    /// Largest accepted file. 10,000 rows with names, links and narratives fit well within the default.
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 16 * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxRows { get; set; } = 10_000;

    /// Rows signed and committed per transaction: the most a crash can make the job redo.
    [Range(1, 5_000)]
    public int ChunkSize { get; set; } = 250;

    /// Jobs per batch on PostgreSQL (they share it by row locks): while one writes its chunk, another signs.
    [Range(1, 16)]
    public int JobsPerBatch { get; set; } = 2;
}

/// Bulk issuance: upload (dry run), list, delete a dry run, confirm, progress, results, cancel and roll back; for admins and trainers.
public static class BulkIssuanceEndpoints
{
    public static void AddBulkIssuance(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BulkIssuanceOptions>().BindConfiguration(BulkIssuanceOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<BulkIssuanceScheduler>();
        builder.Services.AddScoped<BulkIssuanceProcessor>();
        builder.Services.AddHostedService<ResumeBulkBatches>();
    }

    public static IEndpointRouteBuilder MapBulkIssuanceEndpoints(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BulkIssuanceOptions>>().Value.MaxFileBytes;
        var group = app.MapGroup("/api/organisations/{orgId:guid}/bulk-batches").WithTags("Bulk issuance");
        group.MapPost("/", UploadBulkBatch.UploadAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithMetadata(new RawRequestBody("text/csv",
                "Awards or completions, one per row: a header line, then columns email and badge (model@version/badge), and optionally " +
                "name, issuedOn (yyyy-mm-dd or d. m. yyyy), evidenceUrl, narrative, idempotencyKey. UTF-8 (BOM optional) or Windows-1250; " +
                "comma, semicolon or tab. Or JSON {\"rows\": [{\"recipientEmail\", \"badge\", …}]} with Content-Type application/json."))
            .WithBodyLimit(maxBytes)
            .WithName("UploadBulkBatch")
            .WithSummary("Upload a batch of awards or completions (CSV or JSON): checks every row and answers the dry-run report; nothing is issued")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", ListBulkBatches.ListAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("ListBulkBatches")
            .WithSummary("The organisation's batches, newest first, with state and row counts (offset from 0; limit 1 to 500, default 50)");
        group.MapDelete("/{batchId:guid}", DeleteBulkBatch.DeleteAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("DeleteBulkBatch")
            .WithSummary("Delete a dry run that was never confirmed, with its rows")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{batchId:guid}", BulkProgress.GetAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("GetBulkBatch")
            .WithSummary("A batch's progress: done, failed, pending, rate and ETA")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{batchId:guid}/confirm", ConfirmBulkBatch.ConfirmAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("ConfirmBulkBatch")
            .WithSummary("Confirm a dry run: its valid rows are issued in the background")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{batchId:guid}/results.csv", BulkResultsCsv.DownloadAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("DownloadBulkBatchResults")
            .WithSummary("Each row's outcome as CSV (cells that a spreadsheet would run as formulas are neutralised)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{batchId:guid}/cancel", CancelBulkBatch.CancelAsync).RequirePolicy(Policies.OrganisationIssuer)
            .WithName("CancelBulkBatch")
            .WithSummary("Cancel a batch: it stops after the chunk in flight; issued rows stay issued")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{batchId:guid}/rollback", RollBackBulkBatch.RollBackAsync).RequirePolicy(Policies.OrganisationAdmin).AcceptsJsonBody()
            .WithName("RollBackBulkBatch")
            .WithSummary("Roll back a finished batch: revoke every award it issued, with a reason (organisation admins)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
