using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hms.Api.Hosting;

/// <summary>
/// The problem responses of every operation in the OpenAPI document, as the API answers them
/// (RFC 9457 <c>application/problem+json</c> with a stable <c>code</c>; src/Hms.Api/Problems): 400 for bad
/// input wherever there is input, 401 and 403 where a token and roles are required, 404 where the path
/// names a record, 409 where state changes, 429 where writes or secret checks are rate limited, 413 and 415
/// where there is a body. Anonymous routes carry no security requirement. Responses a route declares itself
/// are kept.
/// </summary>
public sealed class ProblemResponses : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    public const string Schema = "Problem";
    public const string MediaType = "application/problem+json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Schema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. `code` is stable: clients branch on it, never on `title` or `detail`.",
            Required = new HashSet<string> { "title", "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "e.g. validation_failed, slot_taken, appointment_not_found" },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Field name (as the client wrote it) → what is wrong with it.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var api = context.Description;
        var metadata = api.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any()
            || !metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<AuthorizationPolicy>().Any();
        var roles = metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements).OfType<RolesAuthorizationRequirement>().Any()
            || metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Roles) || !string.IsNullOrEmpty(a.Policy));
        var body = api.ParameterDescriptions.Any(p => p.Source == BindingSource.Body) || operation.RequestBody is not null;
        var input = body || api.ParameterDescriptions.Any(p => p.Source == BindingSource.Path || p.Source == BindingSource.Query);
        var names = api.ParameterDescriptions.Any(p => p.Source == BindingSource.Path) || api.RelativePath?.Contains("current", StringComparison.Ordinal) == true;
        var changes = api.HttpMethod is "POST" or "PUT" or "PATCH" or "DELETE";

        if (anonymous)
        {
            operation.Security = [];
        }
        Add(operation, context, input, 400, "Bad input: `code` names the rule (validation_failed with `errors` per field, malformed_request, …).");
        Add(operation, context, !anonymous, 401, "No valid bearer token (unauthorized, invalid_token).");
        Add(operation, context, !anonymous && roles, 403, "The token's roles or tenant may not do this (forbidden).");
        Add(operation, context, !anonymous && names, 404, "No such record in the caller's tenant (e.g. appointment_not_found, hospital_not_found).");
        Add(operation, context, !anonymous && changes, 409, "The record's state does not allow this now (e.g. slot_taken, invalid_status_transition).");
        var limited = metadata.OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Any();
        Add(operation, context, !anonymous && changes || limited, 429, "Too many requests from this caller (rate_limited); Retry-After says when to try again.");
        Add(operation, context, body, 413, "The body is larger than the API accepts (payload_too_large).");
        Add(operation, context, body, 415, "The body is not JSON (unsupported_media_type).");
        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, bool applies, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!applies || operation.Responses?.ContainsKey(key) == true)
        {
            return;
        }
        operation.Responses ??= [];
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [MediaType] = new() { Schema = new OpenApiSchemaReference(Schema, context.Document) },
            },
        };
    }
}
