using Microsoft.AspNetCore.Http.Metadata;

namespace BadgeForge.Api.Infrastructure;

/// Endpoint conventions that keep authorization and the documented error responses together.
public static class EndpointConventions
{
    /// Requires a policy and documents the 401 and 403 problems it can answer with.
    public static RouteHandlerBuilder RequirePolicy(this RouteHandlerBuilder builder, string policy) =>
        builder.RequireAuthorization(policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// Documents the problems of an endpoint with a JSON body: field validation, unreadable JSON, size and media type.
    public static RouteHandlerBuilder AcceptsJsonBody(this RouteHandlerBuilder builder) =>
        builder.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// Sets this endpoint's request body limit (instead of the 1 MiB default) and documents its 413.
    public static RouteHandlerBuilder WithBodyLimit(this RouteHandlerBuilder builder, long maxBytes) =>
        builder.WithMetadata(new BodySizeLimit(maxBytes)).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
