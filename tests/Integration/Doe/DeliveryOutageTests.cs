using OscpFleet.Testing;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Integration.Doe;

public sealed class DeliveryOutageTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";

    [Fact]
    public async Task While_the_csms_is_down_versions_wait_and_only_the_latest_is_delivered_when_it_returns()
    {
        cluster.Csms.SetDown(true);
        var before = cluster.Csms.Webhooks().Select(w => w.Sequence).DefaultIfEmpty(0).Max();
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 111 });
        await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Site && w.Outcome == WebhookOutcome.Down, Timeout);
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 0 });
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 122 });
        var latest = (await cluster.SiteAsync(Site)).GetProperty("version").GetInt64();

        cluster.Csms.SetDown(false);
        var up = cluster.Csms.Webhooks().Select(w => w.Sequence).DefaultIfEmpty(0).Max();
        cluster.Clock.Advance(TimeSpan.FromMinutes(2));
        var delivered = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > up && w.GroupId == Site && w.Outcome == WebhookOutcome.Applied, Timeout);

        Assert.Equal(latest, delivered.Version);
        Assert.Equal("forecast", delivered.Reason);
        Assert.DoesNotContain(cluster.Csms.Webhooks(), w => w.Sequence > up && w.GroupId == Site && w.Version < latest);
        // The CSMS records a webhook before its answer reaches the silo, so the site notes the delivery a moment later.
        var deadline = DateTime.UtcNow + Timeout;
        long deliveredVersion;
        while ((deliveredVersion = (await cluster.SiteAsync(Site)).GetProperty("deliveredVersion").GetInt64()) != latest && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(latest, deliveredVersion);
    }
}
