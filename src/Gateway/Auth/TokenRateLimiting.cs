using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Throttles <c>/oauth/token</c> per client address, so guessing secrets is slow while a CP that refreshes its token
/// every few minutes never notices. Behind a proxy the address is the proxy's unless forwarded headers are applied.
/// </summary>
internal static class TokenRateLimiting
{
    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.AddPolicy(FleetAuthentication.TokenRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = FleetAuthentication.TokenRequestsPerWindow,
                Window = FleetAuthentication.TokenRateWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        var previous = limiter.OnRejected;
        limiter.OnRejected = async (rejected, cancellation) =>
        {
            var context = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : FleetAuthentication.TokenRateWindow;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            if (context.Request.Path.Equals(FleetAuthentication.TokenPath, StringComparison.OrdinalIgnoreCase))
            {
                context.RequestServices.GetRequiredService<AuthMetrics>().Rejected("rate_limited");
                context.RequestServices.GetRequiredService<ILogger<TokenEndpoint>>()
                    .TokenRequestsThrottled(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                OAuthResponses.PreventCaching(context.Response);
            }
            if (previous is not null) await previous(rejected, cancellation);
            if (!context.Response.HasStarted)
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(context);
        };
    }
}
