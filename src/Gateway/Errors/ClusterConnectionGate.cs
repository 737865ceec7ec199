using OscpFleet.Gateway.Oscp;

namespace OscpFleet.Gateway.Errors;

/// <summary>
/// The gateway serves HTTP before its Orleans client has joined the cluster (so <c>/healthz</c> answers); until it
/// has, every OSCP and API call is answered 503 with <c>Retry-After</c> instead of failing inside Orleans.
/// The host signals "started" only once every hosted service, the Orleans client among them, has started.
/// </summary>
internal sealed class ClusterConnectionGate(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    private const string Message = "service unavailable: not connected to the cluster yet, retry later";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var gated = path.StartsWithSegments(OscpEndpoints.BasePath) || path.StartsWithSegments("/api");
        if (!gated || lifetime.ApplicationStarted.IsCancellationRequested)
        {
            await next(context);
            return;
        }
        context.Response.Headers.RetryAfter = "5";
        var result = path.StartsWithSegments(OscpEndpoints.BasePath)
            ? OscpResponses.Error(StatusCodes.Status503ServiceUnavailable, Message)
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: Message);
        await result.ExecuteAsync(context);
    }
}
