using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Connection;

/// <summary>A plain OSCP peer whose CP asks us for heartbeats.</summary>
public sealed class OscpPeerHeartbeatTests(OscpPeerAskingHeartbeatsCluster cluster) : IClassFixture<OscpPeerAskingHeartbeatsCluster>
{
    private static readonly TimeSpan Timeout = OscpPeerCluster.Timeout;
    private static readonly TimeSpan Asked = TimeSpan.FromSeconds(OscpPeerAskingHeartbeatsCluster.CpAsksSeconds);

    [Fact]
    public async Task We_heartbeat_an_oscp_cp_at_the_interval_it_asked_not_at_our_own()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        // Settle: any heartbeat of the going-online tick is out once an explicit tick returns.
        await cluster.Peer.TickAsync();
        var settled = await cluster.Peer.GetStatusAsync();
        var lastSent = settled.LastHeartbeatSentAt ?? throw new InvalidOperationException("no heartbeat went out on going online");

        // Past our own interval (10 s) but short of the CP's (20 s): nothing.
        cluster.Clock.Advance(lastSent + Asked - TimeSpan.FromSeconds(1) - cluster.Clock.GetUtcNow());
        await cluster.Peer.TickAsync();
        var early = await cluster.Peer.GetStatusAsync();
        // At the CP's interval: the next one.
        var seen = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Heartbeat && m.Sequence > seen, Timeout);

        Assert.Equal(settled.Counters.HeartbeatsSent, early.Counters.HeartbeatsSent);
        Assert.True(next.Accepted, next.ToString());
        Assert.Equal(lastSent + Asked, next.ReceivedAt);
        Assert.Equal(next.ReceivedAt + (3 * Asked), next.MessageAs<Heartbeat>().OfflineModeAt);
        var peer = await cluster.Peer.GetStatusAsync();
        Assert.Equal(ConnectionState.Online, peer.State);
        Assert.Equal(OscpPeerAskingHeartbeatsCluster.CpAsksSeconds, peer.OurHeartbeatSeconds);
    }
}
