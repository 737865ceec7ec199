using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Register;

/// <summary>A CP that may register (bootstrap token) but has not yet: the test sends its Register by hand.</summary>
public sealed class UnregisteredCpCluster : Testing.RegisteringPeerCluster, IAsyncLifetime
{
    /// <inheritdoc />
    protected override bool FpInitiates => false;

    /// <inheritdoc />
    protected override bool StartsRegistered => false;
}

/// <summary>In Production a CP's Register must name an https base URL unless its peer opts out with <c>AllowHttp</c>.</summary>
public sealed class ProductionRegisterHttpsTests(UnregisteredCpCluster cluster) : IClassFixture<UnregisteredCpCluster>
{
    private const string HttpBaseUrl = "http://127.0.0.1:1/oscp/cp/2.0";

    [Fact]
    public async Task In_production_a_register_with_an_http_base_url_is_refused_400_naming_it_and_changes_nothing_unless_the_peer_allows_http()
    {
        var before = await cluster.Registration.GetStatusAsync();
        var registers = cluster.Simulator.Received(OscpMessageKind.Register).Count;
        // A production gateway; the peer's configured BaseUrl is https (Production requires it), the Register names http.
        var production = await cluster.StartGatewayAsync(new Dictionary<string, string?>
        {
            [$"Oscp:Peers:{Testing.RegisteringPeerCluster.PeerId}:BaseUrl"] = "https://cp.example.test/oscp/cp/2.0",
        }, waitForCluster: true, environment: "Production");

        using var refused = await RegisterAsync(production.Http);
        var body = await refused.Content.ReadAsStringAsync();
        var after = await cluster.Registration.GetStatusAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("version_url[0].base_url: must be an https URL", body, StringComparison.Ordinal);
        Assert.Equal((before.State, before.Since, before.TokensRotatedAt), (after.State, after.Since, after.TokensRotatedAt));
        Assert.Null(await cluster.Registration.GetEndpointAsync());
        // Nothing went to the CP: no reply Register.
        Assert.Equal(registers, cluster.Simulator.Received(OscpMessageKind.Register).Count);

        // The peer's visible opt-out (a test rig): the same Register is taken.
        var optedOut = await cluster.StartGatewayAsync(new Dictionary<string, string?>
        {
            [$"Oscp:Peers:{Testing.RegisteringPeerCluster.PeerId}:AllowHttp"] = "true",
        }, waitForCluster: true, environment: "Production");
        using var accepted = await RegisterAsync(optedOut.Http);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(new Uri(HttpBaseUrl), (await cluster.Registration.GetEndpointAsync())?.BaseUrl);
    }

    private Task<HttpResponseMessage> RegisterAsync(HttpClient gateway)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oscp/fp/2.0/register")
        {
            Content = new StringContent($$"""{"token":"{{new string('x', 43)}}","version_url":[{"version":"2.0","base_url":"{{HttpBaseUrl}}"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", cluster.BootstrapForCp);
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        return gateway.SendAsync(request);
    }
}
