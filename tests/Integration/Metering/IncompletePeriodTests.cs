using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Metering;

/// <summary>
/// A period whose charger was drawing power but has not reported past the period's end waits for that data (60 min at
/// most), then is reported exactly, or with what is known and marked incomplete. The tests run in order on one cluster.
/// </summary>
public sealed class IncompletePeriodTests(WaitingMeteringCluster cluster) : IClassFixture<WaitingMeteringCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;

    [Fact]
    public async Task Half_a_periods_samples_arriving_90_s_late_are_reported_exactly_even_across_a_silo_restart()
    {
        const string site = "BUS_AUK_1";
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        var mark = cluster.Mark();
        cluster.AdvanceTo(start.AddMinutes(6));
        await cluster.PostSamplesAsync(site, Sample($"{site}-CS1", start.AddMinutes(5), 1_000, 6_000));

        // The boundary passes, the grace and the spread too: the period waits for the charger that was drawing power.
        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.Site(site).TickAsync();
        Assert.Empty((await cluster.Site(site).GetOutboxAsync())!.Queued);
        Assert.Equal(start, (await cluster.Site(site).GetOutboxAsync())!.OpenPeriodStart);

        // The silo dies while the period waits; the next one holds the same state.
        cluster.Gateway.Connection.Reset();
        await cluster.StopSiloAsync(cluster.Silos[0], graceful: false);
        await cluster.StartSiloAsync();
        await cluster.Gateway.ReconnectAsync(Timeout);

        // The rest of the period's data arrives: the report goes at once, exact (0.5 kWh by minute 10, and 5/6 of the
        // 0.6 kWh between minutes 10 and 16).
        await cluster.PostSamplesAsync(site,
            Sample($"{site}-CS1", start.AddMinutes(10), 1_500, 6_000),
            Sample($"{site}-CS1", start.AddMinutes(16), 2_100, 6_000));
        var report = await cluster.WaitForReportAsync(site, start);

        Assert.Equal(1.0, report.GetProperty("energy_measurement").GetProperty("value").GetDouble(), 6);
        Assert.Single(cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements), m => m.Sequence > mark && IsReport(m, site, start));
    }

    [Fact]
    public async Task A_feed_dead_for_the_whole_wait_is_reported_with_what_is_known_and_counted_incomplete()
    {
        const string site = "BUS_AUK_2";
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        cluster.AdvanceTo(start.AddMinutes(8));
        await cluster.PostSamplesAsync(site,
            Sample($"{site}-CS1", start.AddMinutes(1), 5_000, 9_000),
            Sample($"{site}-CS1", start.AddMinutes(7), 5_900, 9_000));

        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.Site(site).TickAsync();
        Assert.Empty((await cluster.Site(site).GetOutboxAsync())!.Queued);

        cluster.AdvanceTo(start.AddMinutes(15 + 60) + PastSpread);
        await cluster.Site(site).TickAsync();
        var report = await cluster.WaitForReportAsync(site, start);

        Assert.Equal(0.9, report.GetProperty("energy_measurement").GetProperty("value").GetDouble(), 6);
        using var silo = new HttpClient { BaseAddress = new Uri(cluster.Silos[^1].Urls.First()) };
        Assert.Matches("""oscpfleet_reports_incomplete_total\{[^}]*csms="main"[^}]*\} 1""", await silo.GetStringAsync("/metrics"));
    }
}
