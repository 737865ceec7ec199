using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Throttles <c>/oauth/token</c> so guessing secrets is slow while a client that refreshes its token every few minutes
/// never notices. A request naming a configured client (form <c>client_id</c> or the HTTP Basic user) counts against
/// that client from the caller's address; any other request (an unknown client id, an unreadable form) against the
/// caller's address alone. So a caller hammering with made-up client ids, or with a real client id from its own
/// address, exhausts only its own window, never the grid operator's. The address is the connection's, or the client's
/// behind a trusted proxy (<see cref="TrustedProxies"/>); behind an untrusted proxy every caller shares the proxy's.
/// </summary>
internal sealed class TokenRateLimiting : IDisposable
{
    // Idle windows are dropped by the limiter's own clean-up, so many addresses do not grow memory without bound.
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(partition =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = FleetAuthentication.TokenRequestsPerWindow,
            Window = FleetAuthentication.TokenRateWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>The window a request counts against: <c>client:&lt;id&gt;@&lt;address&gt;</c> for a configured client, else <c>address:&lt;address&gt;</c>.</summary>
    public static string PartitionOf(string? knownClientId, IPAddress? address)
    {
        var from = address?.ToString() ?? "unknown";
        return knownClientId is null ? "address:" + from : $"client:{knownClientId}@{from}";
    }

    /// <summary>Takes one request from <paramref name="partition"/>'s window; null when granted, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string partition)
    {
        using var lease = limiter.AttemptAcquire(partition);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : FleetAuthentication.TokenRateWindow;
    }

    /// <summary>The 429 answer: <c>Retry-After</c> in whole seconds (at least 1), no caching, a problem body.</summary>
    public static Task WriteThrottledAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        OAuthResponses.PreventCaching(context.Response);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"more than {FleetAuthentication.TokenRequestsPerWindow} token requests a minute for this client from this address; retry later").ExecuteAsync(context);
    }

    public void Dispose() => limiter.Dispose();
}
