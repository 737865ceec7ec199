using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.OpenApi;

/// <summary>
/// The document as a whole: its description, the two security schemes, and the platform endpoints that are not route
/// handlers (<c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> are mapped by the health-check and Prometheus
/// middleware, which the API explorer does not see).
/// </summary>
internal sealed class FleetDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OscpFleet gateway",
            Version = "v1",
            Description = "The flexibility provider's OSCP 2.0 endpoints (/oscp/fp/2.0), the token endpoint (/oauth/token), the operator and CSMS API "
                + "(/api/v1) and the platform endpoints. Our API answers errors as ProblemDetails (RFC 9457) naming every problem in 'errors'; "
                + "the OSCP endpoints as {\"message\",\"errors\"}. Bodies are limited by Oscp:MaxBodyBytes ("
                + DocumentedLimitsSchemaTransformer.N(OscpOptions.DefaultMaxBodyBytes) + " bytes by default; 413 above). Times are RFC 3339 in UTC.",
        };
        AddSecuritySchemes(document);
        document.Paths ??= [];
        Platform(document, "/healthz", "Liveness: 200 as soon as the process runs (before any silo is reachable)", "application/json",
            ("200", "The process runs."));
        Platform(document, "/readyz", "Readiness: a silo answers a grain call and Table Storage answers", "application/json",
            ("200", "Ready; each check's status in JSON."), ("503", "Not ready; each check's status in JSON."));
        Platform(document, "/metrics", "Prometheus metrics (OpenTelemetry): Orleans, ASP.NET Core, HTTP client and OscpFleet's own", "text/plain",
            ("200", "The metrics in the Prometheus text format."));
        return Task.CompletedTask;
    }

    /// <summary>Adds the bearer and OSCP Token schemes once.</summary>
    internal static void AddSecuritySchemes(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(FleetOpenApi.BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An ES256 JWT from POST /oauth/token (client credentials). Scope 'operator' for the operator API, 'csms' for the CSMS "
                + "routes, 'oscp:<peerId>' for a vector-profile CP on the OSCP endpoints.",
        });
        document.Components.SecuritySchemes.TryAdd(FleetOpenApi.OscpTokenScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "OSCP 2.0 token authentication for oscp-profile CPs: 'Authorization: Token <token>' (a bootstrap token on Register only).",
        });
    }

    private static void Platform(OpenApiDocument document, string path, string summary, string contentType, params (string Status, string Description)[] answers)
    {
        if (document.Paths.ContainsKey(path)) return;
        var operation = new OpenApiOperation
        {
            Summary = summary,
            Tags = new HashSet<OpenApiTagReference> { new("Platform", document) },
            Responses = [],
        };
        foreach (var (status, description) in answers)
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = new OpenApiSchema { Type = contentType == "text/plain" ? JsonSchemaType.String : JsonSchemaType.Object } } },
            };
        }
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, operation);
        document.Paths[path] = item;
    }
}
