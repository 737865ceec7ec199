using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Outbound;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Tests.Infrastructure;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// A stopping silo hands the peers' connections over before its sites: the peer grain's activation is deactivated by
/// <see cref="HandoverFirst"/> on its own, and the next call activates it again.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class HandoverFirstTests(SiteCluster cluster)
{
    [Fact]
    public async Task The_peer_grain_registers_and_is_deactivated_when_handed_over_then_the_next_call_activates_it_again()
    {
        var handover = cluster.SiloServices.GetRequiredService<HandoverFirst>();
        var peer = cluster.Client.GetGrain<IPeerGrain>(SiteCluster.PeerId);
        await peer.GetStatusAsync();
        Assert.Equal(1, handover.Count);

        await handover.HandOverAsync(CancellationToken.None).WaitAsync(SiteCluster.Patience);

        Assert.Equal(0, handover.Count);
        Assert.Equal(SiteCluster.PeerId, (await peer.GetStatusAsync()).PeerId);
        Assert.Equal(1, handover.Count);
    }
}
