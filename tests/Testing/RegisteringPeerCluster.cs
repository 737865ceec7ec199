using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Testing;

/// <summary>
/// A plain OSCP peer whose tokens are exchanged with OSCP 2.0 Register, played by the CP simulator in Register mode over
/// real loopback HTTP, with Azurite, a gateway on a fixed port and one silo on the cluster's fake clock. No token is
/// configured either way: only bootstrap tokens. <see cref="CpRegistersFirstCluster"/> and
/// <see cref="FpRegistersFirstCluster"/> pick who sends the first Register; both are registered and Online once started.
/// </summary>
public abstract class RegisteringPeerCluster : CpPeerCluster
{
    /// <summary>The peer id.</summary>
    public const string PeerId = "dno";

    /// <summary>The heartbeat interval we ask of the CP.</summary>
    public const int WeAskHeartbeatSeconds = 10;

    private readonly string operatorSecret = Secret();
    private readonly string signingKey = CreateSigningKey();

    /// <summary>The bootstrap token the FP's operator gave the CP (we hold its hash).</summary>
    public string BootstrapForCp { get; } = Secret();

    /// <summary>The bootstrap token the CP's operator gave us (<c>Register:BootstrapToken</c>).</summary>
    public string BootstrapForFp { get; } = Secret();

    /// <summary>The key our silo encrypts the CP's token with.</summary>
    public string EncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>True: the FP sends the first Register (<c>Register:Initiate</c>); false: the CP does.</summary>
    protected abstract bool FpInitiates { get; }

    /// <summary>Every line our gateway and silo logged (Debug and above).</summary>
    public LogLines Logs { get; } = new();

    /// <summary>True when the fixture waits for registration and the connection at start (false: the test drives it).</summary>
    protected virtual bool StartsRegistered => true;

    /// <summary>Runs once the simulator listens, before the gateway and the silo start.</summary>
    protected virtual void BeforeFleetStarts(CpSimulator simulator)
    {
    }

    /// <summary>The peer grain, through the gateway's cluster client.</summary>
    public IPeerGrain Peer => Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IPeerGrain>(PeerId);

    /// <summary>The registration grain, through the gateway's cluster client.</summary>
    public IPeerRegistrationGrain Registration => Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IPeerRegistrationGrain>(PeerId);

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                [$"Oscp:Peers:{PeerId}:Profile"] = "oscp",
                [$"Oscp:Peers:{PeerId}:BaseUrl"] = Simulator.BaseAddress.ToString(),
                [$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = WeAskHeartbeatSeconds.ToString(CultureInfo.InvariantCulture),
                ["Oscp:PublicBaseUrl"] = $"http://127.0.0.1:{gatewayPort}",
                ["Oscp:Registration:EncryptionKeys:0"] = EncryptionKey,
                // An operator client, to read the peers API.
                ["Oscp:Tokens:Issuer"] = "https://fleet.test",
                ["Oscp:Tokens:Audience"] = "oscpfleet",
                ["Oscp:Tokens:SigningKeys:0:Kid"] = "test-key",
                ["Oscp:Tokens:SigningKeys:0:PrivateKeyPem"] = signingKey,
                ["Oscp:Clients:ops_console:SecretHashes:0"] = SecretHash.Compute(operatorSecret),
                ["Oscp:Clients:ops_console:Scopes:0"] = "operator",
            };
            if (FpInitiates)
            {
                settings[$"Oscp:Peers:{PeerId}:Register:Initiate"] = "true";
                settings[$"Oscp:Peers:{PeerId}:Register:BootstrapToken"] = BootstrapForFp;
            }
            else
            {
                settings[$"Oscp:Peers:{PeerId}:Inbound:BootstrapTokenHashes:0"] = SecretHash.Compute(BootstrapForCp);
            }
            return settings;
        }
    }

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartSimulatorAndFleetAsync(new CpSimulatorOptions
        {
            Profile = PeerProfile.Oscp,
            ListenUrl = "http://127.0.0.1:0",
            FpBaseUrl = $"http://127.0.0.1:{gatewayPort}",
            // Register mode; the fixture starts the CP's Register itself once the FP listens (not at the simulator's start).
            Register = new CpRegisterOptions { BootstrapTokenForFp = BootstrapForFp, BootstrapTokenFromFp = BootstrapForCp },
            // When the CP registers first it also handshakes first; when we do, we handshake first.
            HandshakeOnStart = !FpInitiates,
            RequiredHeartbeatIntervalSeconds = 0,
            ForecastPeriodMinutes = 0,
        }, BeforeFleetStarts);
        if (!StartsRegistered) return;
        if (!FpInitiates)
        {
            var sent = await Simulator.RegisterAsync();
            if (!sent.IsDelivered) throw new InvalidOperationException($"the CP's Register was not accepted: {sent.StatusCode} {sent.Error}");
        }
        await Simulator.WaitForRegisteredAsync(Patience);
        await Simulator.WaitForOnlineAsync(Patience);
        // The peer goes Online once the CP's 204 to our acknowledge (or its acknowledge) is in; a grain call queues behind that turn.
        await Peer.TickAsync();
    }

    /// <inheritdoc />
    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddProvider(Logs);
        logging.AddFilter<LogLines>("OscpFleet", LogLevel.Debug);
    }

    /// <summary>A raw OSCP call to our gateway with <c>Authorization: Token &lt;token&gt;</c>; DELETE has no body.</summary>
    public async Task<HttpResponseMessage> CallAsync(HttpMethod method, string message, string? body, string token, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, $"/oscp/fp/2.0/{message}");
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        return await Gateway.Http.SendAsync(request);
    }

    /// <summary>An HTTP client holding an operator token of our gateway.</summary>
    public async Task<HttpClient> OperatorAsync()
    {
        using var token = await Gateway.Http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "ops_console",
            ["client_secret"] = operatorSecret,
        }));
        token.EnsureSuccessStatusCode();
        var accessToken = System.Text.Json.JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        var http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = Patience };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    /// <summary>The peer as the operator API shows it, as raw JSON text.</summary>
    public async Task<string> PeerJsonAsync()
    {
        using var http = await OperatorAsync();
        using var response = await http.GetAsync($"/api/v1/peers/{PeerId}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A heartbeat body valid for five minutes.</summary>
    public string Heartbeat() => $$"""{"offline_mode_at":"{{Clock.GetUtcNow().AddMinutes(5).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";
}

/// <summary>The CP sends the first Register, with the bootstrap token we gave it.</summary>
public class CpRegistersFirstCluster : RegisteringPeerCluster
{
    /// <inheritdoc />
    protected override bool FpInitiates => false;
}

/// <summary>The CP sends the first Register; a separate fixture for the tests that unregister.</summary>
public class UnregisteringCluster : RegisteringPeerCluster
{
    /// <inheritdoc />
    protected override bool FpInitiates => false;
}

/// <summary>We register first, but the CP answers 503 and later 501: the test drives the clock and the ticks.</summary>
public class FpRegisterRefusedCluster : RegisteringPeerCluster
{
    /// <inheritdoc />
    protected override bool FpInitiates => true;

    /// <inheritdoc />
    protected override bool StartsRegistered => false;

    /// <inheritdoc />
    protected override void BeforeFleetStarts(CpSimulator simulator) => simulator.SetSilent(true, 503);
}

/// <summary>We send the first Register (<c>Register:Initiate</c>), with the bootstrap token the CP gave us.</summary>
public class FpRegistersFirstCluster : RegisteringPeerCluster
{
    /// <inheritdoc />
    protected override bool FpInitiates => true;
}
