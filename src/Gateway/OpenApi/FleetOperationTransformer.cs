using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using OscpFleet.Gateway.Auth;
using OscpFleet.Gateway.Oscp;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Gateway.OpenApi;

/// <summary>
/// What every operation of a kind shares, so no route can forget it: the security requirement its policy implies
/// (bearer for the API, bearer or OSCP <c>Token</c> for OSCP), the error answers every such route can give (400, 401,
/// 403, 413 for a body over <c>Oscp:MaxBodyBytes</c>, 503 before the cluster is reached) with their bodies, and OSCP's
/// <c>X-Request-ID</c> header. A route's own, more specific answers are kept.
/// </summary>
internal sealed class FleetOperationTransformer : IOpenApiOperationTransformer
{
    private static readonly string[] OscpPolicies = [FleetPolicies.OscpPeer, FleetPolicies.OscpRegister];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (context.Description.RelativePath ?? "").Split('?')[0];
        var method = context.Description.HttpMethod ?? "GET";
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
        var oscp = path.StartsWith(OscpEndpoints.BasePath, StringComparison.Ordinal);
        var hasBody = metadata.OfType<DocumentedBody>().Any();
        FleetDocumentTransformer.AddSecuritySchemes(context.Document!);
        operation.Responses ??= [];

        IOpenApiSchema error = oscp
            ? await context.GetOrCreateSchemaAsync(typeof(OscpError), null, cancellationToken)
            : await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        var errorType = oscp ? "application/json" : "application/problem+json";
        void Error(int status, string description)
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses.TryGetValue(key, out var existing))
            {
                // A route's own answer keeps its body; a bare reason phrase gives way to what the status means here.
                if (existing is OpenApiResponse own && (string.IsNullOrEmpty(own.Description) || own.Description == ReasonPhrases.GetReasonPhrase(status)))
                    own.Description = description;
                return;
            }
            operation.Responses[key] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { [errorType] = new() { Schema = error } },
            };
        }

        if (!anonymous && policies.Count > 0)
        {
            operation.Security ??= [];
            if (policies.Any(OscpPolicies.Contains))
            {
                operation.Security.Add(Requirement(context.Document!, FleetOpenApi.BearerScheme));
                operation.Security.Add(Requirement(context.Document!, FleetOpenApi.OscpTokenScheme));
            }
            else
            {
                operation.Security.Add(Requirement(context.Document!, FleetOpenApi.BearerScheme));
            }
            Error(StatusCodes.Status401Unauthorized, "No credentials, or credentials not valid here.");
            Error(StatusCodes.Status403Forbidden, oscp
                ? "Authenticated, but not allowed (e.g. a site bound to another peer, a bootstrap token outside Register)."
                : "Authenticated, but without the scope this route needs, or a CSMS client acting on another CSMS's site.");
        }

        if (oscp || path.StartsWith("/api/", StringComparison.Ordinal))
        {
            if (hasBody || oscp || context.Description.ParameterDescriptions.Count > 0)
                Error(StatusCodes.Status400BadRequest, "The request is invalid; every problem is named (path: reason).");
            Error(StatusCodes.Status503ServiceUnavailable, "Not connected to the cluster yet, or storage unavailable: not acknowledged; retry (Retry-After) — retrying the same message is safe.");
        }

        if (hasBody)
        {
            Error(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"The body is larger than Oscp:MaxBodyBytes ({DocumentedLimitsSchemaTransformer.N(OscpOptions.DefaultMaxBodyBytes)} bytes by default)."));
        }

        if (oscp)
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(p => p.Name == OscpHeaders.RequestId))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = OscpHeaders.RequestId,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "Exactly one, unique per request (a repeated forecast id is answered 204 and changes nothing).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
                });
            }
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse { Description: null or "" } plain && int.TryParse(status, CultureInfo.InvariantCulture, out var code))
                plain.Description = ReasonPhrases.GetReasonPhrase(code);
        }
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
