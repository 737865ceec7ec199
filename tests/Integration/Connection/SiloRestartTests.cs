using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Connection;

public sealed class SiloRestartTests(VectorPeerCluster cluster) : IClassFixture<VectorPeerCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;

    [Fact]
    public async Task Connection_state_survives_a_silo_crash_and_heartbeats_resume_on_the_new_silo()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var handshakesBefore = cluster.Simulator.Received(OscpMessageKind.Handshake).Count;

        cluster.Gateway.Connection.Reset();
        await cluster.StopSiloAsync(cluster.Silos[0], graceful: false);
        await cluster.StartSiloAsync();
        await cluster.Gateway.ReconnectAsync(Timeout);
        var restarted = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();

        var peer = await cluster.PeerAsync();
        Assert.Equal("Online", peer.GetProperty("state").GetString());
        cluster.Clock.Advance(TimeSpan.FromSeconds(VectorPeerCluster.CpAsksHeartbeatSeconds));
        var heartbeat = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Heartbeat && m.Sequence > restarted, Timeout);
        Assert.Equal(204, heartbeat.Status);
        Assert.Equal(handshakesBefore, cluster.Simulator.Received(OscpMessageKind.Handshake).Count);
    }
}
