using System.Net;
using System.Reflection;
using Orleans.Runtime;
using OscpFleet.Grains.Outbound;
using OscpFleet.Grains.Peers;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// The connection's grain goes to the silo that has been in the cluster longest (<see cref="SettledSiloPlacement"/>),
/// never to one that has just joined and is still warming up.
/// </summary>
public sealed class SettledSiloPlacementTests
{
    private static SiloAddress Silo(int port, int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);

    [Fact]
    public void The_oldest_silo_is_chosen_whatever_the_order_and_a_tie_goes_to_the_lowest_address()
    {
        var oldest = Silo(30003, 100);
        var newer = Silo(30001, 200);
        var newest = Silo(30002, 300);

        Assert.Equal(oldest, SettledSiloPlacementDirector.Oldest([newest, oldest, newer]));
        Assert.Equal(oldest, SettledSiloPlacementDirector.Oldest([oldest, newest]));
        Assert.Equal(Silo(30001, 100), SettledSiloPlacementDirector.Oldest([Silo(30002, 100), Silo(30001, 100), newest]));
        Assert.Throws<OrleansException>(() => SettledSiloPlacementDirector.Oldest([]));
    }

    [Fact]
    public void The_peer_grain_is_placed_on_a_settled_silo()
    {
        Assert.NotNull(typeof(PeerGrain).GetCustomAttribute<SettledSiloPlacementAttribute>());
    }
}
