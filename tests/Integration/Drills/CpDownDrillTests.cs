using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OscpFleet.Integration.Connection;
using OscpFleet.Integration.Doe;
using OscpFleet.Integration.GridSafety;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using OscpFleet.Testing;
using Xunit.Abstractions;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Drills;

/// <summary>
/// Drill: the CP answers every call 503 and sends nothing for <c>OSCPFLEET_DRILL_CP_QUARTERS</c> (8) quarter hours of
/// product time (the fake clock), while the CSMS keeps posting meter values and raises a compliance error and a capacity
/// request. The peer goes Offline, limits fall to the fallback (never up), every report waits in the outbox; when the CP
/// answers again we handshake on our own, and every queued message arrives exactly once: the urgent ones first, then the
/// reports in period order, their energy adding up to what the CSMS sent.
/// </summary>
public sealed class CpDownDrillTests(MeteringCluster cluster, ITestOutputHelper output) : IClassFixture<MeteringCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private static readonly string[] Sites = DoeCluster.Sites;
    private const double ConsumptionKw = 150, FallbackKw = 60, SecondSiteKw = 80;

    [Fact]
    public async Task Cp_down_for_two_hours_queues_every_report_and_delivers_each_once_in_order_with_urgent_messages_first()
    {
        var quarters = Drill.Setting("OSCPFLEET_DRILL_CP_QUARTERS", 8);
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        var blocks = quarters + 4;
        var token = await cluster.CpTokenAsync();
        var before = cluster.LastWebhook();
        await ForecastAsync(token, Sites[0], "CONSUMPTION", start, ConsumptionKw, blocks);
        await ForecastAsync(token, Sites[0], "FALLBACK_CONSUMPTION", start, FallbackKw, blocks);
        await ForecastAsync(token, Sites[1], "CONSUMPTION", start, SecondSiteKw, blocks);
        var online = new Dictionary<string, IReadOnlyList<LimitSchedules.Entry>>
        {
            [Sites[0]] = LimitSchedules.Of(await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Sites[0] && w.Version is not null && LimitSchedules.Of(w)[0].Kw == ConsumptionKw, Timeout)),
            [Sites[1]] = LimitSchedules.Of(await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Sites[1] && w.Version is not null && LimitSchedules.Of(w)[0].Kw == SecondSiteKw, Timeout)),
        };
        cluster.AdvanceTo(start.AddMinutes(2));
        foreach (var site in Sites) await cluster.PostSamplesAsync(site, Sample($"{site}-CS1", start.AddMinutes(1), 0, 4_000));

        // The CP goes away: every call answered 503, nothing sent.
        var mark = cluster.Mark();
        var outageWebhooks = cluster.LastWebhook();
        cluster.Simulator.SetSilent(true, answerStatus: 503);
        var periods = Enumerable.Range(0, quarters).Select(q => start.AddMinutes(15 * q)).ToList();
        try
        {
            for (var q = 0; q < quarters; q++)
            {
                cluster.AdvanceTo(periods[q].AddMinutes(7));
                foreach (var site in Sites) await cluster.PostSamplesAsync(site, Sample($"{site}-CS1", periods[q].AddMinutes(7), 1_000 * (q + 1), 4_000));
                if (q == 1) await QueueUrgentMessagesAsync(periods[q].AddMinutes(7));
                cluster.AdvanceTo(periods[q].AddMinutes(15) + PastSpread);
                foreach (var site in Sites) await cluster.Site(site).TickAsync();
                if (q == 0)
                {
                    // The loss lowers the first site to its fallback; nothing is raised.
                    await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > outageWebhooks && w.GroupId == Sites[0] && w.Version is not null && LimitSchedules.Of(w)[0].Kw == FallbackKw, Timeout);
                }
            }
            foreach (var site in Sites)
                await cluster.WaitForOutboxAsync(site, o => periods.All(p => o.Queued.Any(m => m.PeriodStart == p)));
            var peer = await cluster.PeerAsync();
            Assert.True(peer.GetProperty("limitsLost").GetBoolean(), peer.ToString());
        }
        finally
        {
            cluster.Simulator.SetSilent(false);
        }
        var queued = 0;
        foreach (var site in Sites) queued += (await cluster.Site(site).GetOutboxAsync())!.Queued.Count;
        Assert.DoesNotContain(cluster.Simulator.Received(), m => m.Sequence > mark && m.Accepted);
        // While lost, no limit of either site was above what it was while the CP was there.
        var lost = cluster.Csms.Webhooks().Where(w => w.Sequence > outageWebhooks && w.Version is not null).ToList();
        Assert.All(lost, w => Assert.All(LimitSchedules.Of(w).Where(e => e.From >= start && e.To <= start.AddMinutes(15 * blocks)),
            e => Assert.True(e.Kw <= online[w.GroupId!].MaxKw(e.From, e.To), $"{w.GroupId} v{w.Version}: {e.Kw} kW at {e.From:HH:mm} while lost")));

        // The CP is back: we handshake on our own (the back-off is on the product clock) and the outbox drains.
        var back = cluster.Mark();
        cluster.Clock.Advance(TimeSpan.FromMinutes(5));
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        foreach (var site in Sites) await cluster.WaitForReportAsync(site, periods[^1]);

        var received = cluster.Simulator.Received().Where(m => m.Sequence > back).ToList();
        Assert.Contains(received, m => m.Kind is OscpMessageKind.Handshake or OscpMessageKind.HandshakeAcknowledge && m.Accepted);
        var delivered = 0;
        var duplicates = 0;
        foreach (var site in Sites)
        {
            var reports = cluster.Reports(site, back);
            var reported = reports.Select(r => r.Asset.GetProperty("energy_measurement").GetProperty("initial_measure_time").GetDateTimeOffset()).ToList();
            duplicates += reported.Count - reported.Distinct().Count();
            Assert.Equal(periods, reported.Where(p => p >= start));
            delivered += reported.Count;
            // Every kWh the CSMS sent is in the reports: 1 kWh a quarter hour.
            Assert.Equal(quarters, reports.Sum(r => r.Asset.GetProperty("energy_measurement").GetProperty("value").GetDouble()), 6);
        }
        var urgent = received.Where(m => m.Accepted && m.Kind is OscpMessageKind.GroupCapacityComplianceError or OscpMessageKind.AdjustGroupCapacityForecast).ToList();
        Assert.Equal(2, urgent.Count);
        var firstReport = cluster.Reports(Sites[0], back).Min(r => r.Message.Sequence);
        Assert.All(urgent, m => Assert.True(m.Sequence < firstReport, $"{m} came after the first report #{firstReport}"));
        delivered += urgent.Count;
        Assert.Equal(0, duplicates);
        foreach (var site in Sites) Assert.Empty((await cluster.Site(site).GetOutboxAsync())!.Queued);

        output.WriteLine(Drill.Figures("cp_down",
            ("quarter_hours", quarters), ("product_minutes", (int)(cluster.Clock.GetUtcNow() - start).TotalMinutes), ("sites", Sites.Length),
            ("queued", queued), ("reports_queued", quarters * Sites.Length), ("urgent_queued", 2),
            ("delivered", delivered), ("duplicates", duplicates), ("lost", queued - delivered),
            ("fallback_webhooks", lost.Count), ("limits_raised", 0)));
        Assert.Equal(queued, delivered);
    }

    private async Task ForecastAsync(string token, string site, string type, DateTimeOffset start, double kw, int blocks)
    {
        using var response = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast",
            Forecasts.Body(site, type, start, [.. Enumerable.Repeat(kw, blocks)]), token, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task QueueUrgentMessagesAsync(DateTimeOffset now)
    {
        using var http = await cluster.CsmsClientAsync();
        using var compliance = await http.PostAsJsonAsync($"/api/v1/sites/{Sites[0]}/compliance-errors", new
        {
            message = "charger CS2 ignores its profile", from = Iso(now), to = Iso(now.AddMinutes(30)),
        });
        using var capacity = await http.PostAsJsonAsync($"/api/v1/sites/{Sites[0]}/capacity-requests", new
        {
            type = "CONSUMPTION",
            blocks = new[] { new { from = Iso(now.AddMinutes(30)), to = Iso(now.AddMinutes(45)), kw = 50.0 } },
        });
        Assert.Equal(HttpStatusCode.Accepted, compliance.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, capacity.StatusCode);
    }

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
