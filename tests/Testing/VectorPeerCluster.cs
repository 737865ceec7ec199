using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Testing;

/// <summary>
/// A deployment with one <c>vector</c> peer played by the CP simulator over real loopback HTTP: Azurite, the
/// simulator, a gateway on a fixed port (the simulator must know it) and one silo. Everything runs on the cluster's
/// fake clock except the Orleans runtime.
/// </summary>
public class VectorPeerCluster : CpPeerCluster
{
    /// <summary>The peer id.</summary>
    public const string PeerId = VectorTestPeer.PeerId;

    /// <summary>The heartbeat interval we ask of the CP.</summary>
    public const int WeAskHeartbeatSeconds = 10;

    /// <summary>The heartbeat interval the CP asks of us.</summary>
    public const int CpAsksHeartbeatSeconds = 20;

    private readonly VectorTestPeer peer = new(FreePort.Next());
    /// <summary>The operator client's secret.</summary>
    protected readonly string operatorSecret = Secret();
    private readonly string signingKey = CreateSigningKey();

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = new Dictionary<string, string?>();
            TestSecrets.AddIssuerAndOperator(settings, signingKey, operatorSecret);
            peer.AddSettings(settings, WeAskHeartbeatSeconds);
            return settings;
        }
    }

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var simulatorOptions = peer.SimulatorOptions(gatewayPort, CpAsksHeartbeatSeconds, ["BUS_AUK_1"]);
        ConfigureSimulator(simulatorOptions);
        await StartSimulatorAndFleetAsync(simulatorOptions);
        // Our start-up handshake may have been acknowledged while the gateway was still joining the cluster (503);
        // a real CP would retry or we would after the acknowledge timeout. Don't wait for either: handshake now.
        if (!Simulator.GetState().Connection.State.Equals(CpConnectionState.Online))
        {
            using var http = await OperatorAsync();
            using var handshake = await http.PostAsync($"/api/v1/peers/{PeerId}/handshake", null);
            handshake.EnsureSuccessStatusCode();
        }
        await Simulator.WaitForOnlineAsync(Patience);
    }

    /// <summary>Lets a fixture make the CP simulator stricter (or otherwise different) before it starts.</summary>
    protected virtual void ConfigureSimulator(CpSimulatorOptions options)
    {
    }

    /// <summary>An HTTP client holding an operator token of our gateway.</summary>
    public async Task<HttpClient> OperatorAsync()
    {
        var token = await TokenAsync(TestSecrets.OperatorClientId, operatorSecret);
        var http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = Patience };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A token our gateway issues to the CP (scope <c>oscp:vector_test</c>).</summary>
    public Task<string> CpTokenAsync() => TokenAsync(VectorTestPeer.InboundClientId, peer.CpSecretAtUs);

    /// <summary>Reads the peer as the operator API shows it.</summary>
    public async Task<JsonElement> PeerAsync()
    {
        using var http = await OperatorAsync();
        return await http.GetFromJsonAsync<JsonElement>($"/api/v1/peers/{PeerId}");
    }

    /// <summary>A token from our gateway for a client.</summary>
    protected async Task<string> TokenAsync(string clientId, string secret)
    {
        using var response = await Gateway.Http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }
}
