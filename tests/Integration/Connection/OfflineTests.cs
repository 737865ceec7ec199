using System.Net;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Connection;

public sealed class OfflineTests(VectorPeerCluster cluster) : IClassFixture<VectorPeerCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;

    [Fact]
    public async Task Silent_cp_takes_the_peer_offline_inbound_messages_get_409_and_a_new_handshake_brings_it_back()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var cpToken = await cluster.CpTokenAsync();
        cluster.Simulator.SetSilent(true, answerStatus: 503);
        var wentSilent = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();

        // Past the CP's offline_mode_at (three of the intervals we asked for): we go Offline and try to handshake.
        cluster.Clock.Advance(TimeSpan.FromSeconds((3 * VectorPeerCluster.WeAskHeartbeatSeconds) + 1));
        await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Handshake && m.Sequence > wentSilent, Timeout);

        // Offline, or already Handshaking again: either way not Online.
        var peer = await cluster.PeerAsync();
        Assert.NotEqual("Online", peer.GetProperty("state").GetString());
        Assert.Contains("offline_mode_at", peer.GetProperty("offlineReason").GetString(), StringComparison.Ordinal);

        // While Offline a heartbeat is refused and does not bring the connection back.
        using var refused = await OscpCalls.PostAsync(cluster, "heartbeat", OscpCalls.Heartbeat(cluster.Clock.GetUtcNow().AddMinutes(5)), cpToken, "hb-offline");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("""{"message":"connection offline: handshake required"}""", await refused.Content.ReadAsStringAsync());
        Assert.NotEqual("Online", (await cluster.PeerAsync()).GetProperty("state").GetString());

        // The CP returns: the next attempt (after a back-off of at most 4 s) completes a handshake.
        cluster.Simulator.SetSilent(false);
        var returned = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        cluster.Clock.Advance(TimeSpan.FromSeconds(5));
        await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Handshake && m.Sequence > returned && m.Status == 204, Timeout);
        var acknowledged = await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.HandshakeAcknowledge && s.Sequence > returned && s.Delivered, Timeout);

        Assert.Equal("Online", (await cluster.PeerAsync()).GetProperty("state").GetString());
        using var accepted = await OscpCalls.PostAsync(cluster, "heartbeat", OscpCalls.Heartbeat(cluster.Clock.GetUtcNow().AddMinutes(5)), cpToken, "hb-online");
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.True(acknowledged.Delivered);
    }
}
