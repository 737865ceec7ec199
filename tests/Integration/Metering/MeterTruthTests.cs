using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Testing;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Metering;

/// <summary>What the CSMS's data gets wrong never reaches the grid operator, end to end through the CSMS API.</summary>
public sealed class MeterTruthTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>
{
    private const string Site = "BUS_AUK_1";

    [Fact]
    public async Task A_one_wh_dip_and_a_ten_mwh_jump_are_reported_as_what_the_chargers_could_really_use()
    {
        await cluster.Simulator.WaitForOnlineAsync(VectorPeerCluster.Timeout);
        var start = cluster.PeriodStart();
        cluster.AdvanceTo(start.AddMinutes(11));
        using (var ops = await cluster.OperatorAsync())
        {
            var before = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{Site}");
            Assert.True(before.GetProperty("meterFeedStale").GetBoolean());
        }

        // CS1 (150 kW) uses 0.5 kWh with one reading 1 Wh low; CS2 (50 kW) claims a 10 MWh jump in 4 minutes, then 100 Wh.
        await cluster.PostSamplesAsync(Site,
            Sample($"{Site}-CS1", start.AddMinutes(1), 1_835_000, 30_000),
            Sample($"{Site}-CS1", start.AddMinutes(5), 1_835_200, 30_000),
            Sample($"{Site}-CS1", start.AddMinutes(6), 1_835_199, 30_000),
            Sample($"{Site}-CS1", start.AddMinutes(10), 1_835_500, 30_000),
            Sample($"{Site}-CS2", start.AddMinutes(1), 10_000, 1_000),
            Sample($"{Site}-CS2", start.AddMinutes(5), 10_010_000, 1_000),
            Sample($"{Site}-CS2", start.AddMinutes(10), 10_010_100, 1_000));
        using (var ops = await cluster.OperatorAsync())
        {
            var site = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{Site}");
            Assert.Equal(start.AddMinutes(10), site.GetProperty("lastSampleAt").GetDateTimeOffset());
            Assert.False(site.GetProperty("meterFeedStale").GetBoolean());
        }

        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        var report = await cluster.WaitForReportAsync(Site, start);

        // 0.5 kWh + 50 kW × 4 min × 1.1 + 0.1 kWh: the dip counts nothing and the jump is cut to the charger's rating.
        var expectedKwh = Math.Round((500 + (50_000 * (4 / 60.0) * 1.1) + 100) / 1000, 3, MidpointRounding.AwayFromZero);
        Assert.Equal(expectedKwh, report.GetProperty("energy_measurement").GetProperty("value").GetDouble(), 3);
        using var silo = new HttpClient { BaseAddress = new Uri(cluster.Silos[0].Urls.First()) };
        var metrics = await silo.GetStringAsync("/metrics");
        Assert.Matches("""oscpfleet_meter_glitches_total(\{[^}]*\})? 1""", metrics);
        // BUS_AUK_2 never sent a sample: its feed is stale, this one's is not.
        Assert.Matches("""oscpfleet_sites_meter_feed_stale\{[^}]*csms="main"[^}]*\} 1""", metrics);
        Assert.Matches("""oscpfleet_meter_energy_dropped[A-Za-z_]*\{[^}]*csms="main"[^}]*\} 9996333\.""", metrics);
    }

    [Fact]
    public async Task A_register_reset_the_csms_marks_is_counted_from_zero_and_a_non_boolean_mark_is_refused()
    {
        using var csms = await cluster.CsmsClientAsync();
        using var refused = await csms.PostAsJsonAsync($"/api/v1/sites/{Site}/meter-values", new
        {
            samples = new[] { new { chargerId = $"{Site}-CS1", at = cluster.Clock.GetUtcNow().ToString("O"), energyWh = 10, powerW = 0, registerReset = "yes" } },
        });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("samples[0].registerReset: must be true or false", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
