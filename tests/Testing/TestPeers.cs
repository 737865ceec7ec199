using System.Globalization;
using System.Security.Cryptography;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Testing;

/// <summary>Fresh secrets and keys for a harness deployment.</summary>
public static class TestSecrets
{
    /// <summary>A random secret of at least 32 characters.</summary>
    public static string New() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>A fresh P-256 private key (PKCS#8 PEM), to sign our gateway's tokens.</summary>
    public static string SigningKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The client id of the harness's operator.</summary>
    public const string OperatorClientId = "ops_console";

    /// <summary>
    /// Adds our gateway's token issuer (signing with <paramref name="signingKeyPem"/>) and the operator client
    /// <see cref="OperatorClientId"/> (secret <paramref name="operatorSecret"/>) to <paramref name="settings"/>.
    /// </summary>
    public static void AddIssuerAndOperator(IDictionary<string, string?> settings, string signingKeyPem, string operatorSecret)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Oscp:Tokens:Issuer"] = "https://fleet.test";
        settings["Oscp:Tokens:Audience"] = "oscpfleet";
        settings["Oscp:Tokens:SigningKeys:0:Kid"] = "test-key";
        settings["Oscp:Tokens:SigningKeys:0:PrivateKeyPem"] = signingKeyPem;
        settings[$"Oscp:Clients:{OperatorClientId}:SecretHashes:0"] = SecretHash.Compute(operatorSecret);
        settings[$"Oscp:Clients:{OperatorClientId}:Scopes:0"] = "operator";
    }
}

/// <summary>
/// The <c>vector</c> peer <c>vector_test</c> as every harness deployment has it: the CP simulator on
/// <paramref name="simulatorPort"/> plays it, and our configuration knows it by the same secrets. One place for both
/// sides, so the in-process clusters and the process cluster cannot drift apart.
/// </summary>
/// <param name="simulatorPort">The CP simulator's port (our configuration must name it before it starts).</param>
public sealed class VectorTestPeer(int simulatorPort)
{
    /// <summary>The peer id.</summary>
    public const string PeerId = "vector_test";

    /// <summary>The client id the CP uses at our token endpoint.</summary>
    public const string InboundClientId = "vector";

    /// <summary>The CP simulator's port.</summary>
    public int SimulatorPort => simulatorPort;

    /// <summary>The secret the CP presents at our token endpoint.</summary>
    public string CpSecretAtUs { get; } = TestSecrets.New();

    /// <summary>The secret we present at the CP's token endpoint.</summary>
    public string OurSecretAtCp { get; } = TestSecrets.New();

    /// <summary>Adds the peer's keys (<c>Oscp:Peers:vector_test:*</c>) to <paramref name="settings"/>; we ask the CP for a heartbeat every <paramref name="weAskHeartbeatSeconds"/>.</summary>
    public void AddSettings(IDictionary<string, string?> settings, int weAskHeartbeatSeconds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var peer = $"Oscp:Peers:{PeerId}:";
        settings[peer + "Profile"] = "vector";
        settings[peer + "BaseUrl"] = $"http://127.0.0.1:{simulatorPort}";
        settings[peer + "TokenUrl"] = $"http://127.0.0.1:{simulatorPort}/token";
        settings[peer + "ClientId"] = "fleet";
        settings[peer + "ClientSecret"] = OurSecretAtCp;
        settings[peer + "Headers:0:Name"] = "fp-id";
        settings[peer + "Headers:0:Value"] = "FP_TEST";
        settings[peer + "Headers:1:Name"] = "apikey";
        settings[peer + "Headers:1:Value"] = "api-key-of-the-test";
        settings[peer + "Inbound:ClientId"] = InboundClientId;
        settings[peer + "Inbound:ClientSecretHashes:0"] = SecretHash.Compute(CpSecretAtUs);
        settings[peer + "HeartbeatIntervalSeconds"] = weAskHeartbeatSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The CP simulator's options: it reaches our gateway at <paramref name="gatewayPort"/>, asks a heartbeat every
    /// <paramref name="cpAsksHeartbeatSeconds"/> and sends no forecasts of its own (the tests send them).
    /// </summary>
    public CpSimulatorOptions SimulatorOptions(int gatewayPort, int cpAsksHeartbeatSeconds, IEnumerable<string> sites) => new()
    {
        ListenUrl = $"http://127.0.0.1:{simulatorPort}",
        FpBaseUrl = $"http://127.0.0.1:{gatewayPort}",
        FpTokenUrl = $"http://127.0.0.1:{gatewayPort}/oauth/token",
        FpClientId = InboundClientId,
        FpClientSecret = CpSecretAtUs,
        ClientId = "fleet",
        ClientSecret = OurSecretAtCp,
        FpId = "FP_TEST",
        ApiKey = "api-key-of-the-test",
        RequiredHeartbeatIntervalSeconds = cpAsksHeartbeatSeconds,
        HeartbeatIntervalSeconds = cpAsksHeartbeatSeconds,
        ForecastPeriodMinutes = 0,
        Sites = [.. sites],
    };
}

/// <summary>
/// The CSMS endpoint <c>main</c> as every harness deployment has it: the fleet simulator on <paramref name="port"/>
/// receives its signed webhooks and calls our API as the client <c>csms_main</c>.
/// </summary>
/// <param name="port">The fleet simulator's port (our configuration must name it before it starts).</param>
public sealed class TestCsms(int port)
{
    /// <summary>The CSMS endpoint name.</summary>
    public const string Name = "main";

    /// <summary>The API client bound to it.</summary>
    public const string ClientId = "csms_main";

    /// <summary>The fleet simulator's port.</summary>
    public int Port => port;

    /// <summary>The secret of <see cref="ClientId"/>.</summary>
    public string ClientSecret { get; } = TestSecrets.New();

    /// <summary>The secret our webhooks are signed with.</summary>
    public string WebhookSecret { get; } = TestSecrets.New();

    /// <summary>Adds the endpoint and its client to <paramref name="settings"/>.</summary>
    public void AddSettings(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings[$"Csms:Endpoints:{Name}:Url"] = $"http://127.0.0.1:{port}{FleetSimulatorOptions.DefaultWebhookPath}";
        settings[$"Csms:Endpoints:{Name}:Secrets:0"] = WebhookSecret;
        settings[$"Oscp:Clients:{ClientId}:SecretHashes:0"] = SecretHash.Compute(ClientSecret);
        settings[$"Oscp:Clients:{ClientId}:Scopes:0"] = "csms";
        settings[$"Oscp:Clients:{ClientId}:Csms"] = Name;
    }

    /// <summary>The fleet simulator's options: it calls our API at <paramref name="gatewayPort"/> and knows <paramref name="sites"/>.</summary>
    public FleetSimulatorOptions SimulatorOptions(int gatewayPort, IEnumerable<FleetSiteOptions> sites) => new()
    {
        ListenUrl = $"http://127.0.0.1:{port}",
        FleetBaseUrl = $"http://127.0.0.1:{gatewayPort}",
        CsmsClientId = ClientId,
        CsmsClientSecret = ClientSecret,
        WebhookSecrets = [WebhookSecret],
        Sites = [.. sites],
    };

    /// <summary>A site as the fleet simulator knows it.</summary>
    public static FleetSiteOptions Site(string groupId, string csms, double baseDoeKw, double maxImportKw, IEnumerable<(string Id, double RatedKw)> chargers) => new()
    {
        GroupId = groupId,
        PeerId = VectorTestPeer.PeerId,
        Csms = csms,
        BaseDoeKw = baseDoeKw,
        MaxImportKw = maxImportKw,
        Chargers = [.. chargers.Select(c => new FleetChargerOptions { Id = c.Id, RatedKw = c.RatedKw })],
    };
}
