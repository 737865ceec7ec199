using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Integration.Infrastructure;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Bench.Doe;

/// <summary>
/// The integration harness's vector-peer deployment (Azurite, one silo, a gateway, the CP simulator online as
/// <c>vector_test</c>) plus the fleet simulator as the CSMS <c>main</c> that receives the signed limit webhooks of
/// <paramref name="groupIds"/>. Like the harness's <c>DoeCluster</c>, whose CSMS knows only its two fixed sites
/// (a webhook for any other site is answered 404): here the CSMS knows every benchmark site and does not onboard
/// them itself — the benchmark imports them through the operator API.
/// </summary>
internal sealed class DoeBenchCluster(IReadOnlyList<string> groupIds) : VectorPeerCluster
{
    /// <summary>The CSMS endpoint name the sites are bound to.</summary>
    public const string CsmsName = "main";

    /// <summary>Base DOE of every site, in kW.</summary>
    public const double BaseDoeKw = 100;

    /// <summary>Contract maximum of every site, in kW.</summary>
    public const double MaxImportKw = 200;

    private readonly int fleetPort = FreePort.Next();
    private readonly string webhookSecret = Secret();
    private readonly string csmsSecret = Secret();
    private WebApplication? fleetApp;

    /// <summary>The CSMS simulator.</summary>
    public CsmsSimulator Csms => fleetApp?.Services.GetRequiredService<CsmsSimulator>() ?? throw new InvalidOperationException("not started");

    /// <summary>The two chargers of a site, as both the import and the CSMS know them.</summary>
    public static (string Id, double RatedKw)[] Chargers(string groupId) => [($"{groupId}-CS1", 150), ($"{groupId}-CS2", 50)];

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
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
            OnboardSites = false,
            // Onboarding and burst webhooks plus their confirmations, with room to spare: nothing may fall out of the records.
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

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (fleetApp is not null) await fleetApp.DisposeAsync();
        await base.DisposeAsync();
    }

    private const int RecordLogCapacity = OscpFleet.Simulator.RecordLog<object>.DefaultCapacity;
}
