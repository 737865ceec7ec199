using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Testing;

/// <summary>
/// A real multi-process deployment: <see cref="ProcessClusterOptions.Silos"/> silo processes and
/// <see cref="ProcessClusterOptions.Gateways"/> gateway processes of the published apps (<see cref="PublishedImage"/>,
/// published once per build), each configured through its environment as a pod is (Production environment, the image's
/// entry point, <c>Section__Key</c> variables, the Orleans defaults for membership), on one Azurite. The CP simulator
/// (peer <c>vector_test</c>, talking to the first gateway) and the fleet simulator (CSMS <c>main</c>, talking to the
/// last gateway) run in the calling process on the system clock, over real loopback HTTP. Every process and simulator
/// has its own free port; silos can be killed (SIGKILL), stopped (SIGTERM) and started again; the membership table
/// says how many silos are Active. Everything runs on real time: reports use a short period
/// (<see cref="ProcessClusterOptions.ReportPeriodMinutes"/>) instead of a moved clock.
/// </summary>
public sealed class ProcessCluster(ProcessClusterOptions options) : IAsyncDisposable
{
    /// <summary>The peer id of the CP simulator.</summary>
    public const string PeerId = VectorTestPeer.PeerId;

    /// <summary>The CSMS endpoint name the sites are bound to.</summary>
    public const string CsmsName = TestCsms.Name;

    /// <summary>Base DOE of every site, in kW.</summary>
    public const double BaseDoeKw = 100;

    /// <summary>Contract maximum of every site, in kW.</summary>
    public const double MaxImportKw = 200;

    /// <summary>The grace period a pod gets after SIGTERM (the silo Deployment's terminationGracePeriodSeconds).</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private const int ImportChunk = 100;

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("oscpfleet-procs-");
    private readonly List<ProductProcess> silos = [];
    private readonly List<ProductProcess> gateways = [];
    private readonly List<ProductProcess> stopped = [];
    private readonly VectorTestPeer peer = new(FreePort.Next());
    private readonly TestCsms csms = new(FreePort.Next());
    private readonly int[] gatewayPorts = [.. Enumerable.Range(0, options.Gateways).Select(_ => FreePort.Next())];
    private readonly string operatorSecret = TestSecrets.New();
    private readonly string signingKey = TestSecrets.SigningKeyPem();
    private Azurite? azurite;
    private PublishedImage? siloImage;
    private PublishedImage? gatewayImage;
    private WebApplication? cpApp;
    private WebApplication? fleetApp;
    private int siloNumber;
    private bool disposed;

    /// <summary>How the cluster is made.</summary>
    public ProcessClusterOptions Options => options;

    /// <summary>Unique per cluster, so runs never see each other's membership, state or reminders.</summary>
    public string ClusterId { get; } = "p" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The emulator everything is stored in.</summary>
    public Azurite Storage => azurite ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>The running silo processes (killed or stopped ones removed).</summary>
    public IReadOnlyList<ProductProcess> Silos => silos;

    /// <summary>The gateway processes.</summary>
    public IReadOnlyList<ProductProcess> Gateways => gateways;

    /// <summary>The CP simulator (peer <see cref="PeerId"/>).</summary>
    public CpSimulator Cp => cpApp?.Services.GetRequiredService<CpSimulator>() ?? throw new InvalidOperationException("not started");

    /// <summary>The CSMS simulator (<see cref="CsmsName"/>).</summary>
    public CsmsSimulator Csms => fleetApp?.Services.GetRequiredService<CsmsSimulator>() ?? throw new InvalidOperationException("not started");

    /// <summary>The chargers of a site, as the import and the CSMS know them.</summary>
    public static (string Id, double RatedKw)[] Chargers(string groupId) => [($"{groupId}-CS1", 150), ($"{groupId}-CS2", 50)];

    /// <summary>The last lines of every process, for a failure message.</summary>
    public string Tails => string.Join("\n", silos.Concat(gateways).Concat(stopped).Select(p => p.Tail));

    /// <summary>The settings every silo and gateway process gets (configuration keys; the environment variables use <c>__</c>).</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:TableConnectionString"] = Storage.ConnectionString,
            ["Cluster:ClusterId"] = ClusterId,
            ["Cluster:ServiceId"] = ClusterId,
            ["Cluster:AdvertisedIPAddress"] = "127.0.0.1",
            // What the Deployments set (deploy/k8s/base): the host's shutdown budget within the pod's grace period.
            ["ShutdownTimeoutSeconds"] = "45",
            // Warnings and errors only (thousands of sites log a lot); the host's lifetime lines say when a process is up.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            [$"Oscp:Peers:{PeerId}:ReportPeriodMinutes"] = options.ReportPeriodMinutes.ToString(CultureInfo.InvariantCulture),
            [$"Oscp:Peers:{PeerId}:ReportSpreadSeconds"] = options.ReportSpreadSeconds.ToString(CultureInfo.InvariantCulture),
            ["Oscp:Metering:CloseGraceSeconds"] = options.CloseGraceSeconds.ToString(CultureInfo.InvariantCulture),
            // No meter feed in these runs: a period is reported at its close with what is known, never held back.
            ["Oscp:Metering:MaxReportDelayMinutes"] = "0",
            // Production refuses plain http to peers and CSMS endpoints unless opted out; the simulators listen on loopback.
            [$"Oscp:Peers:{PeerId}:AllowHttp"] = "true",
            [$"Csms:Endpoints:{CsmsName}:AllowHttp"] = "true",
        };
        peer.AddSettings(settings, options.HeartbeatSeconds);
        csms.AddSettings(settings);
        TestSecrets.AddIssuerAndOperator(settings, signingKey, operatorSecret);
        foreach (var (key, value) in options.ExtraSettings) settings[key] = value;
        // For diagnosis from outside (a benchmark run): OSCPFLEET_PROCESS_SETTINGS="Key=Value;Key=Value", applied last.
        foreach (var pair in (Environment.GetEnvironmentVariable("OSCPFLEET_PROCESS_SETTINGS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (pair.Split('=', 2) is [var key, var value]) settings[key] = value;
        }
        return settings;
    }

    /// <summary>
    /// Publishes (or reuses the publish of this build), starts Azurite, the two simulators, the silos and the gateways,
    /// and returns once every silo is Active, every gateway's client connected, and the CP online.
    /// </summary>
    public async Task StartAsync()
    {
        var images = await Task.WhenAll(PublishedImage.CachedAsync("Silo"), PublishedImage.CachedAsync("Gateway"));
        (siloImage, gatewayImage) = (images[0], images[1]);
        azurite = await Azurite.StartAsync();
        var cpOptions = peer.SimulatorOptions(gatewayPorts[0], options.HeartbeatSeconds, []);
        cpOptions.MaxRecords = Math.Max(OscpFleet.Simulator.RecordLog<object>.DefaultCapacity, (options.Sites.Count * 8) + 1000);
        cpApp = CapacityProviderSimulator.Build(cpOptions, builder => builder.Logging.ClearProviders(), TimeProvider.System);
        await cpApp.StartAsync();
        var csmsOptions = csms.SimulatorOptions(gatewayPorts[^1], options.Sites.Select(id => TestCsms.Site(id, CsmsName, BaseDoeKw, MaxImportKw, Chargers(id))));
        csmsOptions.OnboardSites = false;
        csmsOptions.MaxRecords = Math.Max(OscpFleet.Simulator.RecordLog<object>.DefaultCapacity, (options.Sites.Count * 6) + 1000);
        fleetApp = FleetSimulator.Build(csmsOptions, builder => builder.Logging.ClearProviders(), TimeProvider.System);
        await fleetApp.StartAsync();

        // The first silo alone creates the membership table; the others join it together.
        await StartSiloAsync();
        await Task.WhenAll(Enumerable.Range(1, options.Silos - 1).Select(_ => StartSiloAsync()));
        await Task.WhenAll(gatewayPorts.Select((port, i) => StartGatewayAsync(i + 1, port)));
        await WaitForActiveSilosAsync(options.Silos, StartTimeout);

        // Our start-up handshake may have been acknowledged while no gateway served yet (the CP got no answer): handshake
        // again now that they do, as an operator would.
        if (Cp.GetState().Connection.State != CpConnectionState.Online)
        {
            using var http = await OperatorAsync();
            using var handshake = await http.PostAsync($"/api/v1/peers/{PeerId}/handshake", null);
            handshake.EnsureSuccessStatusCode();
        }
        await Cp.WaitForOnlineAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts one more silo process and returns once it has joined the cluster (its host started).</summary>
    public async Task<ProductProcess> StartSiloAsync()
    {
        var image = siloImage ?? throw new InvalidOperationException("the cluster is not started");
        var name = $"silo-{Interlocked.Increment(ref siloNumber)}";
        var settings = Settings();
        settings["Cluster:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        settings["Cluster:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var silo = ProductProcess.Start(image, name, FreePort.Next(), settings, work.FullName);
        lock (silos) silos.Add(silo);
        await silo.WaitStartedAsync(StartTimeout);
        return silo;
    }

    private async Task StartGatewayAsync(int number, int port)
    {
        var image = gatewayImage ?? throw new InvalidOperationException("the cluster is not started");
        var gateway = ProductProcess.Start(image, $"gateway-{number}", port, Settings(), work.FullName);
        lock (gateways) gateways.Add(gateway);
        await gateway.WaitStartedAsync(StartTimeout);
    }

    /// <summary>A crash of <paramref name="silo"/> (SIGKILL): nothing handed over, nothing written.</summary>
    public async Task KillSiloAsync(ProductProcess silo)
    {
        lock (silos) silos.Remove(silo);
        stopped.Add(silo);
        await silo.KillAsync();
    }

    /// <summary>A graceful stop of <paramref name="silo"/> (SIGTERM, as Kubernetes stops a pod); fails unless it exits 0 within the grace period.</summary>
    public async Task StopSiloAsync(ProductProcess silo)
    {
        lock (silos) silos.Remove(silo);
        stopped.Add(silo);
        var code = await silo.TerminateAsync(GracePeriod);
        if (code != 0) throw new InvalidOperationException($"{silo.Name} exited with {code} after SIGTERM\n{silo.Tail}");
    }

    /// <summary>The silos the membership table lists as Active.</summary>
    public async Task<IReadOnlyList<string>> ActiveSilosAsync()
    {
        var table = new TableServiceClient(Storage.ConnectionString).GetTableClient("OrleansSiloInstances");
        var active = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == ClusterId))
        {
            if (row.GetString("Status") == "Active") active.Add(row.GetString("SiloName"));
        }
        return active;
    }

    /// <summary>Waits until the membership table lists exactly <paramref name="count"/> Active silos (read every 250 ms).</summary>
    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<string> active = [];
        while (DateTime.UtcNow < deadline)
        {
            active = await ActiveSilosAsync();
            if (active.Count == count) return;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        throw new TimeoutException($"{count} Active silos expected within {timeout}; the membership table lists {active.Count} ({string.Join(", ", active)})\n{Tails}");
    }

    /// <summary>An HTTP client holding an operator token, for gateway <paramref name="gateway"/> (0-based).</summary>
    public async Task<HttpClient> OperatorAsync(int gateway = 0)
    {
        var http = new HttpClient { BaseAddress = gateways[gateway].BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(TestSecrets.OperatorClientId, operatorSecret));
        return http;
    }

    /// <summary>A token our gateways issue to the CP (scope <c>oscp:vector_test</c>); any gateway's token is good at every gateway.</summary>
    public Task<string> CpTokenAsync() => TokenAsync(VectorTestPeer.InboundClientId, peer.CpSecretAtUs);

    /// <summary>Reads the peer as the operator API shows it.</summary>
    public async Task<JsonElement> PeerAsync(HttpClient operatorClient) =>
        await operatorClient.GetFromJsonAsync<JsonElement>($"/api/v1/peers/{PeerId}");

    private async Task<string> TokenAsync(string clientId, string secret)
    {
        using var http = gateways[0].Http();
        using var response = await http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// Imports every site (<c>POST /api/v1/sites:import</c>, in chunks, through the first gateway) and waits until the
    /// CSMS applied and confirmed each one's first version (base DOE). Returns those versions. <paramref name="progress"/>
    /// hears the count of sites imported so far after each accepted chunk.
    /// </summary>
    public async Task<Dictionary<string, long>> OnboardAsync(TimeSpan timeout, Action<int>? progress = null)
    {
        using var ops = await OperatorAsync();
        ops.Timeout = timeout;
        var firstWebhooks = options.Sites.ToDictionary(
            g => g,
            g => Csms.WaitForWebhookAsync(w => w.GroupId == g && w.Outcome == WebhookOutcome.Applied, timeout));
        var imported = 0;
        foreach (var chunk in options.Sites.Chunk(ImportChunk))
        {
            var rows = chunk.Select(g => new
            {
                groupId = g,
                peerId = PeerId,
                assetId = g,
                timeZone = "Pacific/Auckland",
                baseDoe = new[] { new { from = "00:00", kw = BaseDoeKw } },
                maxImportKw = MaxImportKw,
                csms = CsmsName,
                chargers = Chargers(g).Select(c => new { id = c.Id, ratedKw = c.RatedKw }),
            });
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                using var response = await ops.PostAsJsonAsync("/api/v1/sites:import", rows);
                if (response.IsSuccessStatusCode)
                {
                    imported += chunk.Length;
                    progress?.Invoke(imported);
                    break;
                }
                var body = await response.Content.ReadAsStringAsync();
                // A 503 (a call that timed out on a busy machine) changed nothing that a repeat does not redo: the import is an upsert.
                if ((int)response.StatusCode != 503 || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {body}\n{Tails}");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (groupId, webhook) in firstWebhooks)
        {
            versions[groupId] = (await webhook).Version ?? throw new InvalidOperationException($"{groupId}: first webhook without a version");
        }
        await Task.WhenAll(versions.Select(v => Csms.WaitForAppliedAsync(v.Key, v.Value, timeout)));
        return versions;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        foreach (var process in gateways.Concat(silos).Concat(stopped)) await process.DisposeAsync();
        if (cpApp is not null) await cpApp.DisposeAsync();
        if (fleetApp is not null) await fleetApp.DisposeAsync();
        if (azurite is not null) await azurite.DisposeAsync();
        try { work.Delete(recursive: true); } catch (IOException) { }
    }
}

/// <summary>How a <see cref="ProcessCluster"/> is made.</summary>
public sealed record ProcessClusterOptions
{
    /// <summary>The sites the CSMS simulator knows (imported by <see cref="ProcessCluster.OnboardAsync"/>).</summary>
    public required IReadOnlyList<string> Sites { get; init; }

    /// <summary>Silo processes started.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>Gateway processes started (the CP talks to the first, the CSMS to the last).</summary>
    public int Gateways { get; init; } = 2;

    /// <summary>The heartbeat interval both sides ask (s).</summary>
    public int HeartbeatSeconds { get; init; } = 10;

    /// <summary>The peer's report period (minutes): 1 lets a test see a boundary on real time within a minute.</summary>
    public int ReportPeriodMinutes { get; init; } = 1;

    /// <summary>The peer's report spread window (s).</summary>
    public int ReportSpreadSeconds { get; init; } = 10;

    /// <summary><c>Oscp:Metering:CloseGraceSeconds</c>.</summary>
    public int CloseGraceSeconds { get; init; } = 2;

    /// <summary>More settings for every process (configuration keys), applied last.</summary>
    public IReadOnlyDictionary<string, string?> ExtraSettings { get; init; } = new Dictionary<string, string?>();
}
