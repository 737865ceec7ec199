using System.Net;
using System.Net.Http.Json;
using OscpFleet.Grains.Sites;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Metering;

/// <summary>Compliance errors and capacity requests go before the reports waiting in the outbox, even while those back off.</summary>
public sealed class OutboxPriorityTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";

    [Fact]
    public async Task A_compliance_error_and_a_capacity_request_overtake_reports_in_back_off_and_the_reports_then_arrive_in_order()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var first = cluster.PeriodStart();
        var mark = cluster.Mark();
        var periods = Enumerable.Range(0, 3).Select(i => first.AddMinutes(15 * i)).ToList();
        cluster.Simulator.ScriptAnswers(OscpMessageKind.UpdateAssetMeasurements, new ScriptedAnswers([], Then: 503));
        try
        {
            // Three quarter hours close while the CP fails every report: the oldest is tried again and again, backing off.
            // Each time the clock moves on only once that attempt failed (nothing on the wire across a jump of the clock).
            var now = cluster.Clock.GetUtcNow();
            OutboxView waiting = null!;
            foreach (var period in periods)
            {
                cluster.AdvanceTo(period.AddMinutes(15) + PastSpread);
                await cluster.Site(Site).TickAsync();
                now = cluster.Clock.GetUtcNow();
                waiting = await cluster.WaitForOutboxAsync(Site, o =>
                    o.Queued.Any(m => m.PeriodStart == period)
                    && o.Queued.Single(m => m.PeriodStart == first) is { Attempts: > 0, NextAttemptAt: { } at } && at > now);
            }
            Assert.All(periods, p => Assert.Contains(waiting.Queued, m => m.PeriodStart == p));
            var retryAt = waiting.Queued.Single(m => m.PeriodStart == first).NextAttemptAt!.Value;

            // The product clock stands still: the reports stay in back-off while the urgent messages are queued.
            using var http = await cluster.CsmsClientAsync();
            using var compliance = await http.PostAsJsonAsync($"/api/v1/sites/{Site}/compliance-errors", new
            {
                message = "charger CS2 ignores its profile", from = now.ToString("O"), to = now.AddMinutes(30).ToString("O"),
            });
            using var capacity = await http.PostAsJsonAsync($"/api/v1/sites/{Site}/capacity-requests", new
            {
                type = "CONSUMPTION",
                blocks = new[] { new { from = now.AddMinutes(30).ToString("O"), to = now.AddMinutes(45).ToString("O"), kw = 150.0 } },
            });
            Assert.Equal(HttpStatusCode.Accepted, compliance.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, capacity.StatusCode);

            var error = await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.GroupCapacityComplianceError && m.Status == 204, Timeout);
            var adjust = await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.AdjustGroupCapacityForecast && m.Status == 204, Timeout);
            Assert.True(error.Sequence < adjust.Sequence, "the urgent messages go in the order they were queued");
            Assert.Empty(cluster.Reports(Site, mark));
            var stillWaiting = (await cluster.Site(Site).GetOutboxAsync())!;
            Assert.All(periods, p => Assert.Contains(stillWaiting.Queued, m => m.PeriodStart == p));

            cluster.Simulator.ClearScripts(OscpMessageKind.UpdateAssetMeasurements);
            cluster.AdvanceTo(retryAt);
            await cluster.WaitForReportAsync(Site, periods[^1]);
            var delivered = cluster.Reports(Site, mark).ToList();
            Assert.Equal(periods, delivered
                .Select(r => r.Asset.GetProperty("energy_measurement").GetProperty("initial_measure_time").GetDateTimeOffset())
                .Where(t => t >= first));
            Assert.True(delivered[0].Message.Sequence > adjust.Sequence);
        }
        finally
        {
            cluster.Simulator.ClearScripts(OscpMessageKind.UpdateAssetMeasurements);
        }
    }
}
