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

    /// <summary>
    /// The CP revokes every token it issued; at our next heartbeat we must fetch a new one: returns our heartbeat
    /// attempts from then until the first one the CP accepted.
    /// </summary>
    public static async Task<IReadOnlyList<Simulator.Cp.ReceivedMessage>> HeartbeatsAfterTokenRevokedAsync(Testing.VectorPeerCluster cluster)
    {
        await cluster.Simulator.WaitForOnlineAsync(Testing.VectorPeerCluster.Timeout);
        var before = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        cluster.Simulator.RevokeTokens();
        cluster.Clock.Advance(TimeSpan.FromSeconds(Testing.VectorPeerCluster.CpAsksHeartbeatSeconds));
        var delivered = await cluster.Simulator.WaitForReceivedAsync(
            m => m.Kind == Oscp.Wire.OscpMessageKind.Heartbeat && m.Sequence > before && m.Status == 204, Testing.VectorPeerCluster.Timeout);
        return [.. cluster.Simulator.Received(Oscp.Wire.OscpMessageKind.Heartbeat).Where(m => m.Sequence > before && m.Sequence <= delivered.Sequence)];
    }

    public static string Heartbeat(DateTimeOffset offlineModeAt) =>
        $$"""{"offline_mode_at":"{{offlineModeAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";
}
