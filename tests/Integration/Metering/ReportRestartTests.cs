using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Metering;

public sealed class ReportRestartTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_2";

    [Fact]
    public async Task A_report_closed_but_not_sent_when_the_silo_dies_is_delivered_once_by_the_next_silo()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        var mark = cluster.Mark();
        cluster.AdvanceTo(start.AddMinutes(10));
        await cluster.PostSamplesAsync(Site,
            Sample("BUS_AUK_2-CS1", start.AddMinutes(3), 1_000, 4_000),
            Sample("BUS_AUK_2-CS1", start.AddMinutes(9), 1_400, 4_000));

        // The CP is unavailable when the period closes: the report is stored in the outbox, not delivered.
        cluster.Simulator.ScriptAnswers(OscpMessageKind.UpdateAssetMeasurements, new ScriptedAnswers([], Then: 503));
        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.UpdateAssetMeasurements && IsReport(m, Site, start), Timeout);
        Assert.Single((await cluster.Site(Site).GetOutboxAsync())!.Queued, m => m.PeriodStart == start);

        cluster.Gateway.Connection.Reset();
        await cluster.StopSiloAsync(cluster.Silos[0], graceful: false);
        cluster.Simulator.ClearScripts(OscpMessageKind.UpdateAssetMeasurements);
        await cluster.StartSiloAsync();
        await cluster.Gateway.ReconnectAsync(Timeout);

        // Any call activates the site on the new silo, which sends what its outbox holds.
        Assert.NotNull(await cluster.Site(Site).GetOutboxAsync());
        var report = await cluster.WaitForReportAsync(Site, start);

        Assert.Equal(0.4, report.GetProperty("energy_measurement").GetProperty("value").GetDouble(), 6);
        var next = start.AddMinutes(15);
        cluster.AdvanceTo(next.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        await cluster.WaitForReportAsync(Site, next);
        Assert.Single(cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements), m => m.Sequence > mark && m.Status == 204 && IsReport(m, Site, start));
        await cluster.WaitForOutboxAsync(Site, o => o.Queued.Count == 0); // removed once the grain has the 204, just after the CP wrote it
    }
}
