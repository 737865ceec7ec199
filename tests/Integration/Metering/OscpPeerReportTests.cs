using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Sites;
using OscpFleet.Testing;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Metering;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.Metering;

/// <summary>A plain OSCP CP that asked for CONTINUOUS readings.</summary>
public sealed class ContinuousOscpPeerCluster : OscpPeerCluster
{
    /// <inheritdoc />
    public override IReadOnlyList<MeasurementConfiguration> CpAsksMeasurementConfiguration => [MeasurementConfiguration.Continuous];

    /// <inheritdoc />
    protected override bool HasSites => true;
}

public sealed class OscpPeerReportTests(ContinuousOscpPeerCluster cluster) : IClassFixture<ContinuousOscpPeerCluster>
{
    private const string Site = "PLAIN_SITE_1";

    [Fact]
    public async Task An_oscp_peer_gets_group_measurements_with_the_cumulative_energy_its_handshake_asked_for()
    {
        var grains = cluster.Gateway.Services.GetRequiredService<IClusterClient>();
        var site = grains.GetGrain<ISiteGrain>(Site);
        await site.UpsertAsync(new SiteDefinition
        {
            PeerId = OscpPeerCluster.PeerId,
            AssetId = Site,
            TimeZone = "Pacific/Auckland",
            BaseDoe = [new BaseDoeEntry("00:00", 100)],
            MaxImportKw = 200,
            Csms = "main",
            Chargers = [new ChargerDefinition("CS-1", 100)],
        });
        var first = cluster.PeriodStart();
        // The charger is idle at each period's end (power 0), so no period waits for a later reading.

        cluster.AdvanceTo(first.AddMinutes(10));
        await site.AcceptMeterValuesAsync([new MeterSample("CS-1", first.AddMinutes(1), 5_000, 10_000), new MeterSample("CS-1", first.AddMinutes(9), 6_500, 0)]);
        cluster.Clock.Advance(TimeSpan.FromMinutes(5) + MeteringCluster.PastSpread);
        await site.TickAsync();
        await WaitForReportAsync(first.AddMinutes(15));

        cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        await site.AcceptMeterValuesAsync([new MeterSample("CS-1", first.AddMinutes(16), 7_000, 5_000), new MeterSample("CS-1", first.AddMinutes(25), 7_250, 0)]);
        cluster.Clock.Advance(TimeSpan.FromMinutes(5));
        await site.TickAsync();
        var second = await WaitForReportAsync(first.AddMinutes(30));
        var reports = cluster.Simulator.Received(OscpMessageKind.UpdateGroupMeasurements).Where(m => m.Status == 204).Select(m => m.MessageAs<UpdateGroupMeasurements>()).ToList();

        // The site's register: 1.5 kWh in the first period, 0.75 more in the second (the energy between 6 500 Wh at
        // minute 9 and 7 000 Wh at minute 16 became known in the second period and is reported there).
        Assert.Equal([1.5, 2.25], reports.Select(r => r.Measurements.Single().Value));
        Assert.All(reports, r => Assert.Null(r.Measurements.Single().InitialMeasureTime));
        Assert.All(reports, r => Assert.Equal((EnergyMeasurementUnit.Kwh, EnergyFlowDirection.Import, Site), (r.Measurements.Single().Unit, r.Measurements.Single().Direction, r.GroupId)));
        Assert.Empty(cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements));
        Assert.True(second.Accepted);
    }

    private Task<ReceivedMessage> WaitForReportAsync(DateTimeOffset periodEnd) =>
        cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.UpdateGroupMeasurements && m.Status == 204
            && JsonDocument.Parse(m.Body).RootElement.GetProperty("measurements")[0].GetProperty("measure_time").GetDateTimeOffset() == periodEnd, OscpPeerCluster.Timeout);
}
