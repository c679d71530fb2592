using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// Every error leaves as an RFC 9457 ProblemDetails: bad requests say what and where, unknown routes are 404,
/// bodies over the limit are 413, and nothing a client can send produces a 500.
/// </summary>
public static class ProblemsSetup
{
    /// Default body limit; an endpoint may set its own with [RequestSizeLimit] / WithMetadata.
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    public static void AddProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
            problem.Detail ??= DefaultDetail(context.HttpContext, problem.Status);
            if (problem is HttpValidationProblemDetails validation)
            {
                CamelCaseFieldNames(validation);
            }
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Minimal APIs answer unreadable bodies with an empty 400 unless told to throw; the handler above
        // turns the exception into a ProblemDetails that keeps JSON's line and position.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = DefaultMaxRequestBodyBytes);
    }

    public static void UseProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
    }

    /// What an empty error response (404, 405, 415 …) means for the caller, so no problem arrives without a detail.
    private static string? DefaultDetail(HttpContext http, int? status) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing is at {http.Request.Method} {http.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Path} does not accept {http.Request.Method}.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"The body's Content-Type '{http.Request.ContentType}' is not accepted here: send JSON with 'Content-Type: application/json'.",
        _ => null,
    };

    /// <summary>
    /// Validation keys name the field as the client wrote it in JSON ("name.sl"), not as the C# property ("Name.Sl").
    /// </summary>
    private static void CamelCaseFieldNames(HttpValidationProblemDetails validation)
    {
        var renamed = validation.Errors.ToDictionary(
            e => string.Join('.', e.Key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)),
            e => e.Value);
        validation.Errors.Clear();
        foreach (var (key, messages) in renamed)
        {
            validation.Errors[key] = messages;
        }
    }

    /// Maps client mistakes that surface as exceptions to 4xx problems; anything else stays a 500 without details.
    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            var (status, detail) = exception switch
            {
                BadHttpRequestException { InnerException: JsonException json } bad =>
                    (bad.StatusCode, $"The request body is not valid JSON for this endpoint: {Describe(json)}"),
                BadHttpRequestException bad => (bad.StatusCode, bad.Message),
                JsonException json => (StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {Describe(json)}"),
                _ => (0, ""),
            };
            if (status == 0)
            {
                return false;
            }
            http.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = { Status = status, Detail = detail },
            });
        }

        private static string Describe(JsonException json)
        {
            // System.Text.Json's message already names path, line and byte position; keep only its first sentence
            // when it has none, so no internal type names leak.
            var where = json.Path is null ? "" : $" (at {json.Path}, line {json.LineNumber + 1}, position {json.BytePositionInLine + 1})";
            var message = json.Message.Split(" Path:", 2)[0];
            return message + where;
        }
    }

    /// <summary>
    /// Enforces the body limit where Kestrel cannot see it coming (declared Content-Length), with a ProblemDetails
    /// instead of a dropped connection; Kestrel's own limit still stops chunked bodies.
    /// </summary>
    private sealed class RequestBodyLimitMiddleware(RequestDelegate next)
    {
        public async Task InvokeAsync(HttpContext http)
        {
            var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                        ?? DefaultMaxRequestBodyBytes;
            var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit;
            }
            if (http.Request.ContentLength > limit)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Detail = $"The request body has {http.Request.ContentLength} bytes; this endpoint accepts at most {limit}.",
                    },
                });
                return;
            }
            await next(http);
        }
    }
}
