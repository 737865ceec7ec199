using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.Register;

/// <summary>A CP that registered first keeps its connection: an hour of heartbeats on the exchanged tokens, no flap.</summary>
public sealed class RegisteredLivenessTests(CpRegistersFirstCluster cluster) : IClassFixture<CpRegistersFirstCluster>
{
    [Fact]
    public async Task A_cp_that_registered_first_stays_connected_for_an_hour_on_the_exchanged_tokens()
    {
        var start = await cluster.Peer.GetStatusAsync();
        Assert.Equal(ConnectionState.Online, start.State);
        var step = TimeSpan.FromSeconds(RegisteringPeerCluster.WeAskHeartbeatSeconds);
        var lastBeat = cluster.Simulator.Sent().Where(s => s.Kind == OscpMessageKind.Heartbeat).Select(s => s.Sequence).DefaultIfEmpty(0).Max();

        for (var elapsed = step; elapsed <= TimeSpan.FromHours(1); elapsed += step)
        {
            cluster.Clock.Advance(step);
            // The CP's timer fired with this step: its heartbeat lands before the peer looks at the time.
            var seen = lastBeat;
            var beat = await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat && s.Sequence > seen, RegisteringPeerCluster.Timeout);
            Assert.True(beat.Delivered, $"{elapsed}: {beat}");
            lastBeat = beat.Sequence;
            await cluster.Peer.TickAsync();
            var status = await cluster.Peer.GetStatusAsync();
            Assert.True(status.State == ConnectionState.Online, $"{elapsed}: {status.State} ({status.OfflineReason})");
        }

        var end = await cluster.Peer.GetStatusAsync();
        Assert.Equal(start.Counters.WentOffline, end.Counters.WentOffline);
        Assert.Equal(start.StateSince, end.StateSince);
        Assert.True(end.Counters.HeartbeatsReceived - start.Counters.HeartbeatsReceived >= 360);
        Assert.Equal(CpRegistrationState.Registered, cluster.Simulator.GetRegistration().State);
        Assert.DoesNotContain(cluster.Simulator.Received(), m => m.Status == 401);
    }
}
