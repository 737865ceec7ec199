using System.Net;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Connection;

public sealed class CredentialTests(VectorPeerCluster cluster) : IClassFixture<VectorPeerCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;

    [Fact]
    public async Task A_token_the_cp_revoked_is_refreshed_once_and_the_heartbeat_still_delivered()
    {
        var attempts = await OscpCalls.HeartbeatsAfterTokenRevokedAsync(cluster);

        Assert.Equal([401, 204], attempts.Select(m => m.Status));
        Assert.NotEqual(attempts[0].RequestId, attempts[1].RequestId);
        Assert.Equal("Online", (await cluster.PeerAsync()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Oscp_endpoints_reject_missing_or_foreign_credentials_and_bad_requests()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var cpToken = await cluster.CpTokenAsync();
        using var operatorHttp = await cluster.OperatorAsync();
        var operatorToken = operatorHttp.DefaultRequestHeaders.Authorization!.Parameter;
        var heartbeat = OscpCalls.Heartbeat(cluster.Clock.GetUtcNow().AddMinutes(5));

        using var anonymous = await OscpCalls.PostAsync(cluster, "heartbeat", heartbeat, token: null);
        using var forged = await OscpCalls.PostAsync(cluster, "heartbeat", heartbeat, token: cpToken[..^4] + "AAAA");
        using var operatorToken403 = await OscpCalls.PostAsync(cluster, "heartbeat", heartbeat, token: operatorToken);
        using var noRequestId = await OscpCalls.PostAsync(cluster, "heartbeat", heartbeat, cpToken, requestId: null);
        using var badBody = await OscpCalls.PostAsync(cluster, "heartbeat", """{"offline_mode_at":"2026-11-26T12:00:00"}""", cpToken);
        using var noCorrelation = await OscpCalls.PostAsync(cluster, "handshake_acknowledge", "{}", cpToken);
        using var wrongCorrelation = await OscpCalls.PostAsync(cluster, "handshake_acknowledge", "{}", cpToken, correlationId: "not-ours");
        using var peerOnOperatorApi = await cluster.Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/peers")
        {
            Headers = { Authorization = new("Bearer", cpToken) },
        });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorToken403.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noRequestId.StatusCode);
        Assert.Contains("X-Request-ID", await noRequestId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badBody.StatusCode);
        Assert.Contains("offline_mode_at:", await badBody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noCorrelation.StatusCode);
        Assert.Contains("X-Correlation-ID", await noCorrelation.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongCorrelation.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, peerOnOperatorApi.StatusCode);
    }
}
