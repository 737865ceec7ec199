using System.Diagnostics;
using System.Net;

namespace OscpFleet.Bench;

/// <summary>Sends requests from a fixed number of concurrent clients as fast as they are answered, timing each.</summary>
public static class Burst
{
    /// <summary>An HTTP client for loopback with enough pooled connections for <paramref name="concurrency"/> callers.</summary>
    public static HttpClient Client(Uri baseAddress, int concurrency) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestVersion = HttpVersion.Version11,
        };

    /// <summary>
    /// Sends request <c>0 … count-1</c> (built by <paramref name="request"/> just before it leaves) from
    /// <paramref name="concurrency"/> callers, each taking the next index when its previous request was answered.
    /// </summary>
    public static async Task<RequestTiming[]> RunAsync(HttpClient http, int count, int concurrency, Func<int, HttpRequestMessage> request)
    {
        var timings = new RequestTiming[count];
        var next = -1;
        async Task CallerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var message = request(i);
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                    timings[i] = new RequestTiming(sent, Stopwatch.GetTimestamp(), (int)response.StatusCode,
                        response.StatusCode == HttpStatusCode.NoContent ? null : await response.Content.ReadAsStringAsync());
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    timings[i] = new RequestTiming(sent, Stopwatch.GetTimestamp(), 0, e.GetType().Name + ": " + e.Message);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(CallerAsync)));
        return timings;
    }
}
