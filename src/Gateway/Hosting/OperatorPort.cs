using Microsoft.Extensions.Options;

namespace OscpFleet.Gateway.Hosting;

/// <summary>Listens on <see cref="OperatorPortOptions.OperatorPort"/> and keeps each port to its own routes.</summary>
internal static class OperatorPort
{
    private const string DefaultUrls = "http://localhost:5000";

    /// <summary>
    /// Adds the operator port to the addresses Kestrel binds (<c>--urls</c> / <c>ASPNETCORE_URLS</c>, else
    /// <c>ASPNETCORE_HTTP_PORTS</c>), on the host of the first address, unless it is already among them.
    /// </summary>
    public static void Listen(WebApplicationBuilder builder)
    {
        // Read as it is, like Kestrel's limits: the server's addresses are fixed before start-up validation runs.
        var port = builder.Configuration.GetSection(OperatorPortOptions.Section).Get<OperatorPortOptions>()?.OperatorPort;
        if (port is not (>= 1 and <= 65535)) return;
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            // The .NET container images set ASPNETCORE_HTTP_PORTS (8080) instead of URLs: keep serving those.
            var httpPorts = builder.Configuration[WebHostDefaults.HttpPortsKey];
            urls = string.IsNullOrWhiteSpace(httpPorts)
                ? DefaultUrls
                : string.Join(';', httpPorts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        }
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(BindingAddress.Parse).ToList();
        if (addresses.Any(a => a.Port == port)) return;
        var first = addresses[0];
        builder.WebHost.UseUrls([.. addresses.Select(a => a.ToString()), $"{first.Scheme}://{first.Host}:{port}"]);
    }

    /// <summary>The split, when an operator port is configured.</summary>
    public static IApplicationBuilder UseOperatorPortSplit(this IApplicationBuilder app) => app.UseMiddleware<OperatorPortSplit>();

    /// <summary>
    /// On the operator port: everything but <c>/oscp</c>. On any other port: only <c>/oscp</c>. Health and readiness on both
    /// (the kubelet probes one port). Whatever is refused answers 404 with a problem body, as an unknown route would.
    /// </summary>
    private sealed class OperatorPortSplit(RequestDelegate next, IOptions<OperatorPortOptions> options)
    {
        public Task InvokeAsync(HttpContext context)
        {
            if (options.Value.OperatorPort is not { } operatorPort) return next(context);
            var path = context.Request.Path;
            if (path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz")) return next(context);
            var onOperatorPort = context.Connection.LocalPort == operatorPort;
            var isOscp = path.StartsWithSegments("/oscp");
            if (onOperatorPort != isOscp) return next(context);
            var detail = isOscp
                ? "the OSCP endpoints are not served on the operator port"
                : "only the OSCP endpoints are served on this port; the operator API, token endpoint and metrics are on the operator port";
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found", detail: detail).ExecuteAsync(context);
        }
    }
}
