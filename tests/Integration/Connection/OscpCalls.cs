using System.Net.Http.Headers;
using System.Text;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Connection;

/// <summary>Raw OSCP calls to our gateway as a CP would make them, for the cases the simulator never gets wrong.</summary>
internal static class OscpCalls
{
    public static async Task<HttpResponseMessage> PostAsync(
        Testing.VectorPeerCluster cluster, string message, string body, string? token, string? requestId = "req-1", string? correlationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/oscp/fp/2.0/{message}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (requestId is not null) request.Headers.Add("X-Request-ID", requestId);
        if (correlationId is not null) request.Headers.Add("X-Correlation-ID", correlationId);
        return await cluster.Gateway.Http.SendAsync(request);
    }

    public static string Heartbeat(DateTimeOffset offlineModeAt) =>
        $$"""{"offline_mode_at":"{{offlineModeAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";
}
