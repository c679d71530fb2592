using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BadgeForge.Api.Infrastructure;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static void AddOpenApiDocument(this WebApplicationBuilder builder) =>
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "BadgeForge API",
                    Version = "v1",
                    Description = "Competency models, trainings and Open Badges 2.0 for Slovenian NGOs and schools. " +
                                  "Errors are RFC 9457 problem details.",
                };
                // The committed openapi/badgeforge.json must not depend on where it was generated.
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Access token from POST /api/auth/token.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<RawRequestBody>().FirstOrDefault() is { } raw)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Description = raw.Description,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [raw.MediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        },
                    };
                }
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] }];
                }
                return Task.CompletedTask;
            });
        });

    public static void MapOpenApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("BadgeForge API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
    }
}

/// <summary>
/// Documents a body the handler reads itself (YAML, CSV). Unlike <c>Accepts()</c>, it does not make routing answer 415
/// before authorization runs, so unauthenticated callers still get their 401.
/// </summary>
public sealed record RawRequestBody(string MediaType, string Description);
