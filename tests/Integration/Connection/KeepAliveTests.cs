using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Connection;

/// <summary>
/// The <c>peer-keepalive</c> reminder is what brings a peer back after its silo dies: no silo starts (so the start-up
/// wake-up does not run), the CP is silent (so no inbound call wakes it), and nobody asks the gateway.
/// </summary>
public sealed class KeepAliveTests(KeepAliveCluster cluster) : IClassFixture<KeepAliveCluster>
{
    // Death detection (~3 s with the test membership timings) plus a reminder period or two.
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_keepalive_reminder_alone_brings_the_peer_back_on_the_surviving_silo_after_its_silo_dies()
    {
        await cluster.Simulator.WaitForOnlineAsync(OscpPeerCluster.Timeout);
        await cluster.Peer.TickAsync();
        var status = await cluster.Peer.GetStatusAsync();
        var management = cluster.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var host = await management.GetActivationAddress(cluster.Peer);
        var doomed = Assert.Single(cluster.Silos, s => Address(s) == host);
        var survivor = Assert.Single(cluster.Silos, s => s != doomed);
        var due = status.LastHeartbeatSentAt!.Value.AddSeconds(OscpPeerAskingHeartbeatsCluster.CpAsksSeconds);
        Assert.True(due < status.TheirOfflineModeAt, "our next heartbeat must fall due while the connection is still up");

        cluster.Simulator.SetSilent(true);
        var killed = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        await cluster.StopSiloAsync(doomed, graceful: false);
        cluster.Clock.Advance(due - cluster.Clock.GetUtcNow());
        var heartbeat = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Heartbeat && m.Sequence > killed, Recovery);

        Assert.True(heartbeat.Accepted, heartbeat.ToString());
        Assert.Equal(due, heartbeat.ReceivedAt);
        // Asked inside the survivor: the gateway's client may still hold a connection to the dead silo's gateway port.
        var fromSurvivor = survivor.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        Assert.Equal(Address(survivor), await fromSurvivor.GetActivationAddress(cluster.Peer));
        Assert.DoesNotContain(cluster.Simulator.Received(OscpMessageKind.Handshake), m => m.Sequence > killed);
    }

    private static SiloAddress Address(Microsoft.AspNetCore.Builder.WebApplication silo) =>
        silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
}
