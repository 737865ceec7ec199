using System.Net;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Hosting;

/// <summary>A cluster fixture that starts storage but no silo.</summary>
public sealed class StorageOnlyCluster : FleetCluster
{
    /// <inheritdoc />
    protected override int InitialSilos => 0;
}

public sealed class GatewayWithoutSiloTests(StorageOnlyCluster cluster) : IClassFixture<StorageOnlyCluster>
{
    [Fact]
    public async Task Healthz_answers_before_any_silo_is_reachable_and_readyz_says_the_cluster_is_down()
    {
        await using var gateway = await cluster.StartGatewayAsync(overrides: null, waitForCluster: false);

        using var alive = await gateway.Http.GetAsync("/healthz");
        using var ready = await gateway.Http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("cluster unreachable", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
