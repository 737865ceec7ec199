using System.Net;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Hosting;

// Gateway:OperatorPort splits the gateway in two listeners, so Kubernetes can expose each through its own Service and
// network policy: the CP reaches only the OSCP endpoints, operators and Prometheus only the rest.
[Collection(ClusterCollection.Name)]
public sealed class OperatorPortTests(FleetCluster cluster)
{
    [Fact]
    public async Task With_an_operator_port_each_port_serves_only_its_own_routes_and_health_on_both()
    {
        var oscpPort = FreePort.Next();
        var operatorPort = FreePort.Next();
        await using var gateway = await cluster.StartGatewayAsync(
            new Dictionary<string, string?> { ["Gateway:OperatorPort"] = operatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            waitForCluster: true, port: oscpPort);
        using var oscp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{oscpPort}") };
        using var operatorApi = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{operatorPort}") };

        // Served (401 without credentials, 200 for metrics and health) on its own port ...
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(oscp, HttpMethod.Post, "/oscp/fp/2.0/heartbeat"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(operatorApi, HttpMethod.Get, "/api/v1/peers"));
        Assert.NotEqual(HttpStatusCode.NotFound, await StatusAsync(operatorApi, HttpMethod.Post, "/oauth/token"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(operatorApi, HttpMethod.Get, "/metrics"));
        foreach (var client in new[] { oscp, operatorApi })
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/healthz"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/readyz"));
        }

        // ... and not found on the other one, with a body naming why.
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(operatorApi, HttpMethod.Post, "/oscp/fp/2.0/heartbeat"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(oscp, HttpMethod.Get, "/api/v1/peers"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(oscp, HttpMethod.Post, "/oauth/token"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(oscp, HttpMethod.Get, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(oscp, HttpMethod.Get, "/openapi/v1.json"));
        using var refused = await oscp.GetAsync("/api/v1/peers");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("the operator API, token endpoint and metrics are on the operator port", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_operator_port_one_port_serves_everything_as_before()
    {
        await using var gateway = await cluster.StartGatewayAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(gateway.Http, HttpMethod.Post, "/oscp/fp/2.0/heartbeat"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(gateway.Http, HttpMethod.Get, "/api/v1/peers"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway.Http, HttpMethod.Get, "/metrics"));
    }

    [Fact]
    public async Task An_operator_port_outside_the_tcp_range_is_refused_at_start_up()
    {
        await using var gateway = OscpFleet.Gateway.GatewayHost.Build(
            new Microsoft.AspNetCore.Builder.WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory },
            b => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(b.Configuration, new Dictionary<string, string?>
            {
                ["Storage:TableConnectionString"] = cluster.Storage.ConnectionString,
                ["Gateway:OperatorPort"] = "70000",
            }));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => gateway.StartAsync());

        Assert.Contains("Gateway:OperatorPort: must be a TCP port (1-65535)", OscpFleet.Hosting.ConfigurationErrors.Failures(error));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post) request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
