using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Gives 401 and 403 answers a body in the shape the caller expects: <c>{"message": "..."}</c> on OSCP endpoints
/// (docs/protocol.md, "What we answer"), ProblemDetails (RFC 9457) on our API. The challenge itself (status,
/// <c>WWW-Authenticate</c>) stays with the scheme handlers; the bodies are fixed text, never an exception or a
/// credential.
/// </summary>
internal sealed class FleetAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler challengeOrForbid = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await challengeOrForbid.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Succeeded || context.Response.HasStarted) return;
        var status = context.Response.StatusCode;
        if (status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)) return;

        var unauthenticated = status == StatusCodes.Status401Unauthorized;
        if (policy.Requirements.OfType<OscpPeerRequirement>().Any())
        {
            var message = unauthenticated ? "missing or invalid credentials" : "these credentials are not allowed here";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["message"] = message }.ToJsonString(), context.RequestAborted);
            return;
        }
        var problem = TypedResults.Problem(
            statusCode: status,
            title: unauthenticated ? "Unauthorized" : "Forbidden",
            detail: unauthenticated ? "Missing, invalid or expired credentials." : "The credentials lack the scope this endpoint needs.");
        await problem.ExecuteAsync(context);
    }
}
