using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Integration.Infrastructure;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Bench.Metering;

/// <summary>
/// The integration harness's vector-peer deployment (Azurite, one silo, a gateway, the CP simulator online as
/// <c>vector_test</c>) set up for metering the way the harness's <c>MeteringCluster</c> is: the CP is asked for
/// heartbeats only hourly, so the product clock can jump a quarter hour at a time without the connection timing out.
/// Reports are not spread (<c>ReportSpreadSeconds</c> 0): every site closes its period at the boundary itself, the
/// worst case. The fleet simulator is the CSMS <c>main</c> that receives the signed limit webhooks of every benchmark
/// site (like bench/Doe's cluster: <c>MeteringCluster</c>'s CSMS knows only its two fixed sites); the benchmark
/// imports the sites and posts the meter values itself.
/// </summary>
internal sealed class MeteringBenchCluster(IReadOnlyList<string> groupIds, int chargers) : VectorPeerCluster
{
    /// <summary>The CSMS endpoint name the sites are bound to.</summary>
    public const string CsmsName = "main";

    /// <summary>Base DOE of every site, in kW (well above what the chargers draw: no breach, no compliance error).</summary>
    public const double BaseDoeKw = 100;

    /// <summary>Contract maximum of every site, in kW.</summary>
    public const double MaxImportKw = 200;

    /// <summary>Rated power of every charger, in kW.</summary>
    public const double ChargerKw = 50;

    private readonly int fleetPort = FreePort.Next();
    private readonly string webhookSecret = Secret();
    private readonly string csmsSecret = Secret();
    private WebApplication? fleetApp;

    /// <summary>The CSMS simulator.</summary>
    public CsmsSimulator Csms => fleetApp?.Services.GetRequiredService<CsmsSimulator>() ?? throw new InvalidOperationException("not started");

    /// <summary>The chargers of a site, as both the import and the CSMS know them.</summary>
    public (string Id, double RatedKw)[] Chargers(string groupId) => [.. Enumerable.Range(0, chargers).Select(c => (SamplePlan.Charger(groupId, c), ChargerKw))];

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = "3600";
            settings[$"Oscp:Peers:{PeerId}:ReportSpreadSeconds"] = "0";
            settings[$"Csms:Endpoints:{CsmsName}:Url"] = $"http://127.0.0.1:{fleetPort}{FleetSimulatorOptions.DefaultWebhookPath}";
            settings[$"Csms:Endpoints:{CsmsName}:Secrets:0"] = webhookSecret;
            settings["Oscp:Clients:csms_main:SecretHashes:0"] = SecretHash.Compute(csmsSecret);
            settings["Oscp:Clients:csms_main:Scopes:0"] = "csms";
            return settings;
        }
    }

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        fleetApp = FleetSimulator.Build(new FleetSimulatorOptions
        {
            ListenUrl = $"http://127.0.0.1:{fleetPort}",
            FleetBaseUrl = $"http://127.0.0.1:{gatewayPort}",
            CsmsClientId = "csms_main",
            CsmsClientSecret = csmsSecret,
            WebhookSecrets = [webhookSecret],
            // The benchmark imports the sites and sends the meter values (MeterIntervalSeconds stays 0: the CSMS sends none).
            OnboardSites = false,
            MaxRecords = Math.Max(RecordLogCapacity, (groupIds.Count * 4) + 1000),
            Sites = [.. groupIds.Select(id => new FleetSiteOptions
            {
                GroupId = id,
                PeerId = PeerId,
                Csms = CsmsName,
                BaseDoeKw = BaseDoeKw,
                MaxImportKw = MaxImportKw,
                Chargers = [.. Chargers(id).Select(c => new FleetChargerOptions { Id = c.Id, RatedKw = c.RatedKw })],
            })],
        }, builder => builder.Logging.ClearProviders(), Clock);
        await fleetApp.StartAsync();
    }

    /// <summary>A csms-scope bearer token of our gateway (fetch a new one after moving the clock far: they live an hour of it).</summary>
    public Task<string> CsmsTokenAsync() => TokenAsync("csms_main", csmsSecret);

    /// <summary>The start of the quarter hour the product clock is in.</summary>
    public DateTimeOffset PeriodStart()
    {
        var now = Clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
    }

    /// <summary>Moves the product clock to <paramref name="at"/> (never backwards).</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        var now = Clock.GetUtcNow();
        if (at > now) Clock.Advance(at - now);
    }

    /// <summary>Adds the bearer token to a request.</summary>
    public static void Authorize(HttpRequestMessage request, string token) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (fleetApp is not null) await fleetApp.DisposeAsync();
        await base.DisposeAsync();
    }

    private const int RecordLogCapacity = OscpFleet.Simulator.RecordLog<object>.DefaultCapacity;
}
