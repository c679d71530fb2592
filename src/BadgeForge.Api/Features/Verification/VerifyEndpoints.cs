using System.ComponentModel.DataAnnotations;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.Verification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeForge.Api.Features.Verification;

/// <summary>
/// Verify any Open Badge, ours or another issuer's: an assertion URL, its JSON, a JWS, or a baked PNG/SVG.
/// Public, because employers and schools verify badges without an account.
/// </summary>
public static class VerifyEndpoints
{
    public static IEndpointRouteBuilder MapVerifyEndpoints(this IEndpointRouteBuilder app)
    {
        if (app is IApplicationBuilder pipeline)
        {
            app.ServiceProvider.GetRequiredService<LocalDocumentPipeline>().Attach(pipeline, app);
        }
        var group = app.MapGroup("/api/verify").WithTags("Verification").AllowAnonymous();
        group.MapPost("/", Verify).AcceptsJsonBody()
            .WithName("VerifyBadge")
            .WithSummary("Verify an Open Badge given as an assertion URL, JSON or JWS")
            .WithDescription("Returns every check (structure, dereferencing, signature, key ownership, revocation, expiry, recipient) with a message.");
        group.MapPost("/image", VerifyImage)
            .DisableAntiforgery()
            .WithBodyLimit(BadgeImageUpload.MaxBytes)
            .WithMetadata(new RawRequestBody("multipart/form-data", "Form with 'file' (a baked PNG or SVG) and optional 'recipientEmail'."))
            .ProducesValidationProblem()
            .WithName("VerifyBadgeImage")
            .WithSummary("Verify a baked badge image (PNG or SVG) uploaded as multipart/form-data");
        return app;
    }

    /// <param name="Url">The hosted assertion URL (or a badge image URL).</param>
    /// <param name="Json">The assertion JSON as text: only its id is trusted, the hosted copy is fetched.</param>
    /// <param name="Jws">A signed assertion (compact JWS).</param>
    /// <param name="RecipientEmail">Optional: check that the badge was issued to this address.</param>
    public sealed record VerifyRequest(
        [MaxLength(2048)] string? Url,
        [MaxLength(1024 * 1024)] string? Json,
        [MaxLength(1024 * 1024)] string? Jws,
        [MaxLength(320)] string? RecipientEmail);

    private static async Task<Results<Ok<VerificationReport>, ReportJson, ValidationProblem>> Verify(
        VerifyRequest request, OpenBadgeVerifier verifier, OwnOriginDocumentFetcher fetcher, VerificationResultCache results,
        TimeProvider clock, CancellationToken ct)
    {
        var given = new[] { request.Url, request.Json, request.Jws }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["url"] = [given == 0 ? "Give the badge as one of url, json or jws." : "Give only one of url, json or jws."],
            });
        }
        VerificationInput input;
        if (!string.IsNullOrWhiteSpace(request.Url))
        {
            if (!Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out var url))
            {
                return Problems.Invalid("url", "The url is not an absolute URL.");
            }
            input = new VerificationInput.Url(url);
        }
        else
        {
            input = !string.IsNullOrWhiteSpace(request.Json) ? new VerificationInput.Json(request.Json) : new VerificationInput.Jws(request.Jws!.Trim());
        }
        var key = results.KeyOf(input, request.RecipientEmail);
        if (key is not null && results.TryGet(key, out var keptJson))
        {
            return new ReportJson(keptJson);
        }
        var now = clock.GetUtcNow();
        var report = await verifier.VerifyAsync(input, fetcher, now, request.RecipientEmail, ct);
        return key is not null && fetcher.KeepReportUntil is { } keepUntil
            ? new ReportJson(results.Set(key, report, now, keepUntil))
            : TypedResults.Ok(report);
    }

    /// A report already serialised by <see cref="VerificationResultCache"/>: the same bytes <c>Ok(report)</c> writes.
    private sealed class ReportJson(byte[] body) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
        }
    }

    private static async Task<Results<Ok<VerificationReport>, ValidationProblem>> VerifyImage(
        HttpRequest request, OpenBadgeVerifier verifier, OwnOriginDocumentFetcher fetcher, TimeProvider clock, CancellationToken ct)
    {
        var (upload, problem) = await BadgeImageUpload.ReadAsync(request, ct);
        if (upload is null)
        {
            return problem!;
        }
        var email = upload.Form["recipientEmail"].ToString();
        return TypedResults.Ok(await verifier.VerifyAsync(new VerificationInput.Image(upload.Image), fetcher, clock.GetUtcNow(),
            string.IsNullOrWhiteSpace(email) ? null : email, ct));
    }
}
