using System.Net;
using System.Text.Json;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class HealthTests(FleetCluster cluster)
{
    [Fact]
    public async Task Gateway_is_ready_when_cluster_and_storage_answer()
    {
        await using var gateway = await cluster.StartGatewayAsync();

        using var response = await gateway.Http.GetAsync("/readyz");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Silo_serves_its_own_readiness_and_metrics()
    {
        var silo = cluster.Silos[0];
        using var http = new HttpClient { BaseAddress = new Uri(silo.Urls.First()) };

        using var ready = await http.GetAsync("/readyz");
        using var metrics = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task Gateway_serves_openapi_and_metrics()
    {
        await using var gateway = await cluster.StartGatewayAsync();

        using var openapi = await gateway.Http.GetAsync("/openapi/v1.json");
        using var metrics = await gateway.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, openapi.StatusCode);
        Assert.Contains("\"openapi\"", await openapi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }
}
