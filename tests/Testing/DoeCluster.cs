using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Testing;

/// <summary>
/// The DOE path end to end: the vector peer (CP simulator), a CSMS with chargers (fleet simulator) that receives the
/// signed limit webhooks and confirms "applied", two sites it onboarded through the operator API, and a second peer
/// (never connected) owning a third site.
/// </summary>
public class DoeCluster : VectorPeerCluster
{
    /// <summary>Sites of <see cref="VectorPeerCluster.PeerId"/> onboarded by the fleet simulator.</summary>
    public static readonly string[] Sites = ["BUS_AUK_1", "BUS_AUK_2"];

    /// <summary>A peer that never connects.</summary>
    public const string OtherPeer = "other_cp";

    /// <summary>Base DOE of the simulator's sites.</summary>
    public const double BaseDoeKw = 100;

    /// <summary>A second CSMS endpoint (nothing listens at its webhook) and the client bound to it.</summary>
    public const string OtherCsms = "depot", OtherCsmsClient = "csms_depot";

    private readonly TestCsms csms = new(FreePort.Next());
    private readonly int otherCsmsPort = FreePort.Next();
    private readonly string otherCsmsSecret = Secret();
    /// <summary>The secret of the client bound to CSMS <c>main</c>.</summary>
    protected string CsmsClientSecret => csms.ClientSecret;
    private readonly int otherPeerPort = FreePort.Next();
    private readonly string otherPeerSecret = Secret();
    private WebApplication? fleetApp;

    /// <summary>The CSMS simulator.</summary>
    public CsmsSimulator Csms => fleetApp?.Services.GetRequiredService<CsmsSimulator>() ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            csms.AddSettings(settings);
            // A second CSMS and its client: no site of the fleet simulator is its, so it may act on none of them.
            settings[$"Csms:Endpoints:{OtherCsms}:Url"] = $"http://127.0.0.1:{otherCsmsPort}/csms/limits";
            settings[$"Csms:Endpoints:{OtherCsms}:Secrets:0"] = Secret();
            settings[$"Oscp:Clients:{OtherCsmsClient}:SecretHashes:0"] = SecretHash.Compute(otherCsmsSecret);
            settings[$"Oscp:Clients:{OtherCsmsClient}:Scopes:0"] = "csms";
            settings[$"Oscp:Clients:{OtherCsmsClient}:Csms"] = OtherCsms;
            settings[$"Oscp:Peers:{OtherPeer}:Profile"] = "vector";
            settings[$"Oscp:Peers:{OtherPeer}:BaseUrl"] = $"http://127.0.0.1:{otherPeerPort}";
            settings[$"Oscp:Peers:{OtherPeer}:TokenUrl"] = $"http://127.0.0.1:{otherPeerPort}/token";
            settings[$"Oscp:Peers:{OtherPeer}:ClientId"] = "fleet";
            settings[$"Oscp:Peers:{OtherPeer}:ClientSecret"] = otherPeerSecret;
            settings[$"Oscp:Peers:{OtherPeer}:Inbound:ClientId"] = "other";
            settings[$"Oscp:Peers:{OtherPeer}:Inbound:ClientSecretHashes:0"] = SecretHash.Compute(otherPeerSecret);
            return settings;
        }
    }

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var options = csms.SimulatorOptions(gatewayPort, Sites.Select(id => TestCsms.Site(id, TestCsms.Name, BaseDoeKw, 200, [($"{id}-CS1", 150), ($"{id}-CS2", 50)])));
        // This CSMS onboards its sites itself, as the operator.
        options.OperatorClientId = TestSecrets.OperatorClientId;
        options.OperatorClientSecret = operatorSecret;
        fleetApp = FleetSimulator.Build(options, builder => builder.Logging.ClearProviders(), Clock);
        await fleetApp.StartAsync();
        foreach (var site in Sites)
        {
            await Csms.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard && c.GroupId == site && c.Status is >= 200 and < 300, Timeout);
        }
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (fleetApp is not null) await fleetApp.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>The sequence number of the last webhook the CSMS received (0 when none): "after this" for the next wait.</summary>
    public long LastWebhook() => Csms.Webhooks().Select(w => w.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>Reads a site through the operator API.</summary>
    public async Task<JsonElement> SiteAsync(string groupId)
    {
        using var http = await OperatorAsync();
        return await http.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{groupId}");
    }

    /// <summary>An HTTP client holding a csms-scope token of the client bound to CSMS <c>main</c> (the fleet simulator's).</summary>
    public async Task<HttpClient> CsmsClientAsync()
    {
        var http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = Timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(TestCsms.ClientId, csms.ClientSecret));
        return http;
    }

    /// <summary>An HTTP client holding a csms-scope token of the client bound to <see cref="OtherCsms"/>.</summary>
    public async Task<HttpClient> OtherCsmsClientAsync()
    {
        var http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = Timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(OtherCsmsClient, otherCsmsSecret));
        return http;
    }
}
