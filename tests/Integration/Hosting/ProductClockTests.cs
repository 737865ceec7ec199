using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class ProductClockTests(FleetCluster cluster)
{
    [Fact]
    public void Product_code_gets_the_fake_clock_while_the_runtime_keeps_the_system_clock()
    {
        var services = cluster.Silos[0].Services;

        Assert.Same(cluster.Clock, services.GetRequiredKeyedService<TimeProvider>(FleetClock.Key));
        Assert.Same(TimeProvider.System, services.GetService<TimeProvider>() ?? TimeProvider.System);
    }
}
