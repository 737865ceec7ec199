using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Testing;

/// <summary>
/// The test harness's (tests/Testing) vector-peer deployment (Azurite, one silo, a gateway, the CP simulator online as
/// <c>vector_test</c>) plus the fleet simulator as the CSMS <c>main</c> that receives the signed limit webhooks of
/// <paramref name="groupIds"/>. Unlike <c>DoeCluster</c>, whose CSMS knows only its two fixed sites (a webhook for any
/// other site is answered 404), the CSMS here knows every site and does not onboard them itself:
/// <see cref="OnboardAsync"/> imports them through the operator API. Used by the benchmarks in bench/ and the fleet
/// tests that need many sites in process (the multi-process failover runs on <see cref="ProcessCluster"/>).
/// </summary>
/// <param name="groupIds">The benchmark's sites.</param>
/// <param name="chargers">The chargers of a site, as both the import and the CSMS know them.</param>
public class ManySitesCluster(IReadOnlyList<string> groupIds, Func<string, (string Id, double RatedKw)[]> chargers) : VectorPeerCluster
{
    /// <summary>The CSMS endpoint name the sites are bound to.</summary>
    public const string CsmsName = TestCsms.Name;

    /// <summary>Base DOE of every site, in kW.</summary>
    public const double BaseDoeKw = 100;

    /// <summary>Contract maximum of every site, in kW.</summary>
    public const double MaxImportKw = 200;

    private const int ImportChunk = 250;
    private const int RecordLogCapacity = OscpFleet.Simulator.RecordLog<object>.DefaultCapacity;
    /// <summary>How long the import may take: 90 s, or 50 ms a site for large fleets (the benchmark reports the real figure).</summary>
    private TimeSpan SetupTimeout => TimeSpan.FromSeconds(Math.Max(90, groupIds.Count * 0.05));

    private readonly TestCsms csms = new(FreePort.Next());
    private WebApplication? fleetApp;

    /// <summary>The CSMS simulator.</summary>
    public CsmsSimulator Csms => fleetApp?.Services.GetRequiredService<CsmsSimulator>() ?? throw new InvalidOperationException("not started");

    /// <summary>The chargers of a site.</summary>
    public (string Id, double RatedKw)[] Chargers(string groupId) => chargers(groupId);

    /// <summary>A csms-scope bearer token of our gateway (fetch a new one after moving the clock far: they live an hour of it).</summary>
    public Task<string> CsmsTokenAsync() => TokenAsync(TestCsms.ClientId, csms.ClientSecret);

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            csms.AddSettings(settings);
            return settings;
        }
    }

    /// <summary>How many webhooks and gateway calls the CSMS simulator keeps: the onboarding and one burst with room to spare.</summary>
    protected virtual int CsmsRecords => Math.Max(RecordLogCapacity, (groupIds.Count * 4) + 1000);

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartCsmsAsync();
    }

    /// <summary>Takes the CSMS away: its port is closed, so every limit webhook meets "connection refused" until <see cref="StartCsmsAsync"/>.</summary>
    public async Task StopCsmsAsync()
    {
        if (fleetApp is null) return;
        await fleetApp.DisposeAsync();
        fleetApp = null;
    }

    /// <summary>
    /// Starts the CSMS simulator on the cluster's fixed CSMS port (a fresh one, with empty records, after
    /// <see cref="StopCsmsAsync"/>); <paramref name="beforeServing"/> scripts it before the first webhook can arrive.
    /// </summary>
    public async Task StartCsmsAsync(Action<CsmsSimulator>? beforeServing = null)
    {
        if (fleetApp is not null) throw new InvalidOperationException("the CSMS simulator is already running");
        var options = csms.SimulatorOptions(gatewayPort, groupIds.Select(id => TestCsms.Site(id, CsmsName, BaseDoeKw, MaxImportKw, Chargers(id))));
        // The benchmark imports the sites (and sends any meter values itself: MeterIntervalSeconds stays 0).
        options.OnboardSites = false;
        // Onboarding and burst webhooks plus their confirmations, with room to spare: nothing may fall out of the records.
        options.MaxRecords = CsmsRecords;
        var app = FleetSimulator.Build(options, builder => builder.Logging.ClearProviders(), Clock);
        beforeServing?.Invoke(app.Services.GetRequiredService<CsmsSimulator>());
        await app.StartAsync();
        fleetApp = app;
    }

    /// <summary>
    /// Imports every site (<c>POST /api/v1/sites:import</c>, JSON array, in chunks) and waits until the CSMS applied
    /// and confirmed each one's first version (base DOE), so the measurement starts on a quiet system. Returns those versions.
    /// </summary>
    public async Task<Dictionary<string, long>> OnboardAsync(IReadOnlyList<string> sites)
    {
        using var ops = await OperatorAsync();
        ops.Timeout = SetupTimeout;
        var firstWebhooks = sites.ToDictionary(
            g => g,
            g => Csms.WaitForWebhookAsync(w => w.GroupId == g && w.Outcome == WebhookOutcome.Applied, SetupTimeout));
        foreach (var chunk in sites.Chunk(ImportChunk))
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
            using var response = await ops.PostAsJsonAsync("/api/v1/sites:import", rows);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {body}");
        }

        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (groupId, webhook) in firstWebhooks)
        {
            versions[groupId] = (await webhook).Version ?? throw new InvalidOperationException($"{groupId}: first webhook without a version");
        }
        await Task.WhenAll(versions.Select(v => Csms.WaitForAppliedAsync(v.Key, v.Value, SetupTimeout)));
        return versions;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (fleetApp is not null) await fleetApp.DisposeAsync();
        await base.DisposeAsync();
    }
}
