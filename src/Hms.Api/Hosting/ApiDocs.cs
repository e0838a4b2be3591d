using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Hms.Api.Hosting;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and its interactive UI (<c>/docs</c>).</summary>
public static class ApiDocs
{
    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecurity>();
            o.AddDocumentTransformer<ProblemResponses>();
            o.AddOperationTransformer<ProblemResponses>();
            o.AddSchemaTransformer<RequestSchemas>();
            o.AddDocumentTransformer<RequestSchemas>();
            o.AddOperationTransformer<RequestSchemas>();
        });
        return builder;
    }

    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("HMS Orleans API")).AllowAnonymous();
    }

    private sealed class BearerSecurity : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info.Title = "HMS Orleans API";
            document.Info.Description = "Hospital time-driven operations: every deadline is a durable per-entity timer.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "JWT with claims sub, role (one or more) and tenant_id.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
            return Task.CompletedTask;
        }
    }
}
