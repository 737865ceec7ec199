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
    public const string PeerId = "vector_test";

    /// <summary>The heartbeat interval we ask of the CP.</summary>
    public const int WeAskHeartbeatSeconds = 10;

    /// <summary>The heartbeat interval the CP asks of us.</summary>
    public const int CpAsksHeartbeatSeconds = 20;

    private readonly int simulatorPort = FreePort.Next();
    private readonly string cpSecretAtUs = Secret();
    private readonly string ourSecretAtCp = Secret();
    /// <summary>The operator client's secret.</summary>
    protected readonly string operatorSecret = Secret();
    private readonly string signingKey = CreateSigningKey();

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        [$"Oscp:Peers:{PeerId}:Profile"] = "vector",
        [$"Oscp:Peers:{PeerId}:BaseUrl"] = $"http://127.0.0.1:{simulatorPort}",
        [$"Oscp:Peers:{PeerId}:TokenUrl"] = $"http://127.0.0.1:{simulatorPort}/token",
        [$"Oscp:Peers:{PeerId}:ClientId"] = "fleet",
        [$"Oscp:Peers:{PeerId}:ClientSecret"] = ourSecretAtCp,
        [$"Oscp:Peers:{PeerId}:Headers:0:Name"] = "fp-id",
        [$"Oscp:Peers:{PeerId}:Headers:0:Value"] = "FP_TEST",
        [$"Oscp:Peers:{PeerId}:Headers:1:Name"] = "apikey",
        [$"Oscp:Peers:{PeerId}:Headers:1:Value"] = "api-key-of-the-test",
        [$"Oscp:Peers:{PeerId}:Inbound:ClientId"] = "vector",
        [$"Oscp:Peers:{PeerId}:Inbound:ClientSecretHashes:0"] = SecretHash.Compute(cpSecretAtUs),
        [$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = WeAskHeartbeatSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Oscp:Tokens:Issuer"] = "https://fleet.test",
        ["Oscp:Tokens:Audience"] = "oscpfleet",
        ["Oscp:Tokens:SigningKeys:0:Kid"] = "test-key",
        ["Oscp:Tokens:SigningKeys:0:PrivateKeyPem"] = signingKey,
        ["Oscp:Clients:ops_console:SecretHashes:0"] = SecretHash.Compute(operatorSecret),
        ["Oscp:Clients:ops_console:Scopes:0"] = "operator",
    };

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var simulatorOptions = new CpSimulatorOptions
        {
            ListenUrl = $"http://127.0.0.1:{simulatorPort}",
            FpBaseUrl = $"http://127.0.0.1:{gatewayPort}",
            FpTokenUrl = $"http://127.0.0.1:{gatewayPort}/oauth/token",
            FpClientId = "vector",
            FpClientSecret = cpSecretAtUs,
            ClientId = "fleet",
            ClientSecret = ourSecretAtCp,
            FpId = "FP_TEST",
            ApiKey = "api-key-of-the-test",
            RequiredHeartbeatIntervalSeconds = CpAsksHeartbeatSeconds,
            HeartbeatIntervalSeconds = CpAsksHeartbeatSeconds,
            ForecastPeriodMinutes = 0,
            Sites = ["BUS_AUK_1"],
        };
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
        var token = await TokenAsync("ops_console", operatorSecret);
        var http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = Patience };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A token our gateway issues to the CP (scope <c>oscp:vector_test</c>).</summary>
    public Task<string> CpTokenAsync() => TokenAsync("vector", cpSecretAtUs);

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
