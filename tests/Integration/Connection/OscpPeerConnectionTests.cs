using System.Net;
using System.Text;
using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Connection;

/// <summary>A plain OSCP peer (<c>Authorization: Token</c> both ways) whose CP asks us for no heartbeats.</summary>
public sealed class OscpPeerConnectionTests(OscpPeerCluster cluster) : IClassFixture<OscpPeerCluster>
{
    private static readonly TimeSpan Timeout = OscpPeerCluster.Timeout;

    [Fact]
    public async Task Handshakes_complete_both_ways_with_token_authentication()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var before = LastSequence();

        // Ours: the CP (which accepts nothing but our token) takes it, and its acknowledge (its token) is accepted.
        await cluster.Peer.StartHandshakeAsync();
        var ours = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Handshake && m.Sequence > before, Timeout);
        var theirAcknowledge = await cluster.Simulator.WaitForSentAsync(
            s => s.Kind == OscpMessageKind.HandshakeAcknowledge && s.CorrelationId == ours.RequestId, Timeout);

        // Theirs: we take it, and our acknowledge (our token) is accepted by the CP.
        var theirs = await cluster.Simulator.StartHandshakeAsync();
        var ourAcknowledge = await cluster.Simulator.WaitForReceivedAsync(
            m => m.Kind == OscpMessageKind.HandshakeAcknowledge && m.CorrelationId == theirs.RequestId, Timeout);
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        // The peer goes Online when the CP's 204 to our acknowledge is back; a grain call queues behind that turn.
        await cluster.Peer.TickAsync();

        Assert.True(ours.Accepted, ours.ToString());
        Assert.Equal(OscpPeerCluster.WeAskHeartbeatSeconds, ours.MessageAs<Handshake>().RequiredBehaviour.HeartbeatInterval);
        Assert.True(theirAcknowledge.Delivered, theirAcknowledge.ToString());
        Assert.True(theirs.Delivered, theirs.ToString());
        Assert.True(ourAcknowledge.Accepted, ourAcknowledge.ToString());
        Assert.DoesNotContain(cluster.Simulator.Received(), m => m.Status == 401);
        var peer = await cluster.Peer.GetStatusAsync();
        Assert.Equal(ConnectionState.Online, peer.State);
        Assert.Equal("oscp", peer.Profile);
        Assert.False(peer.CredentialsRejected);
    }

    [Fact]
    public async Task We_send_no_heartbeats_to_an_oscp_cp_that_asked_for_none()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.Clock.GetUtcNow();

        // Three times our configured interval, 10 s at a time so the CP's own heartbeats keep the connection up.
        for (var i = 1; i <= 3; i++)
        {
            cluster.Clock.Advance(TimeSpan.FromSeconds(OscpPeerCluster.WeAskHeartbeatSeconds));
            var due = start.AddSeconds(i * OscpPeerCluster.WeAskHeartbeatSeconds);
            // The CP's heartbeat reached us: the clock has moved for the peer too.
            await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat && s.SentAt >= due && s.Delivered, Timeout);
        }
        // An explicit tick after the last move: whatever was due is sent by the time it returns.
        await cluster.Peer.TickAsync();

        var peer = await cluster.Peer.GetStatusAsync();
        Assert.Equal(ConnectionState.Online, peer.State);
        Assert.Null(peer.TheyAskedHeartbeatSeconds);
        Assert.Null(peer.OurHeartbeatSeconds);
        Assert.Equal(0, peer.Counters.HeartbeatsSent);
        Assert.Empty(cluster.Simulator.Received(OscpMessageKind.Heartbeat));
        Assert.True(peer.LastHeartbeatReceivedAt >= start.AddSeconds(3 * OscpPeerCluster.WeAskHeartbeatSeconds));
    }

    [Fact]
    public async Task Our_gateway_refuses_a_wrong_token_with_401_and_takes_the_cps_own()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var heartbeat = $$"""{"offline_mode_at":"{{cluster.Clock.GetUtcNow().AddMinutes(5).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";

        using var wrong = await PostHeartbeatAsync(heartbeat, "Token " + cluster.CpToken[..^4] + "AAAA");
        // The token we send the CP is not one the CP may send us.
        using var ours = await PostHeartbeatAsync(heartbeat, "Token " + cluster.OurToken);
        using var bearer = await PostHeartbeatAsync(heartbeat, "Bearer " + cluster.CpToken);
        using var right = await PostHeartbeatAsync(heartbeat, "Token " + cluster.CpToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Token", wrong.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, ours.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
    }

    private long LastSequence() => cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();

    private async Task<HttpResponseMessage> PostHeartbeatAsync(string body, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oscp/fp/2.0/heartbeat")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        return await cluster.Gateway.Http.SendAsync(request);
    }
}
