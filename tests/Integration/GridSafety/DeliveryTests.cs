using OscpFleet.Testing;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.GridSafety;

/// <summary>Limits always reach the CSMS: a lost report-back or a slow CSMS never stalls a site.</summary>
public sealed class DeliveryTests(FaultyReportBackCluster cluster) : IClassFixture<FaultyReportBackCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;

    [Fact]
    public async Task A_failing_report_back_does_not_stall_delivery_the_version_is_sent_again_and_ends_delivered()
    {
        const string site = "BUS_AUK_1";
        // The site's onboarding version is delivered first, so the faults hit the version under test.
        await cluster.Faults.WaitForDeliveredAsync(site, (await cluster.SiteAsync(site)).GetProperty("version").GetInt64(), Timeout);
        cluster.Faults.FailNext(site, 2);
        var before = cluster.LastWebhook();
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = site, CapacityKw = 90 });
        var first = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == site && w.Version is not null && LimitSchedules.Of(w)[0].Kw == 90, Timeout);

        await cluster.Faults.WaitForDeliveredAsync(site, first.Version!.Value, Timeout);

        var sends = cluster.Csms.Webhooks().Count(w => w.GroupId == site && w.Version == first.Version);
        Assert.True(sends >= 3, $"the version went {sends} time(s); two lost report-backs should each have caused another send");
        Assert.Equal(2, cluster.Faults.Refused);
        Assert.Equal(first.Version, (await cluster.SiteAsync(site)).GetProperty("deliveredVersion").GetInt64());
    }

    [Fact]
    public async Task A_slow_csms_never_blocks_forecasts_and_only_the_newest_version_follows()
    {
        const string site = "BUS_AUK_2";
        var held = cluster.Csms.HoldWebhooks();
        try
        {
            await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = site, CapacityKw = 91 });
            await held.WaitAsync(Timeout);
            var before = cluster.LastWebhook();

            // While the CSMS sits on the webhook, the site keeps taking forecasts.
            var second = Assert.Single(await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = site, CapacityKw = 92 }));
            var third = Assert.Single(await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = site, CapacityKw = 93 }));
            Assert.Equal((204, 204), (second.StatusCode, third.StatusCode));
            Assert.Equal(before, cluster.LastWebhook());
        }
        finally
        {
            cluster.Csms.ReleaseWebhooks();
        }

        var newest = await cluster.Csms.WaitForWebhookAsync(w => w.GroupId == site && w.Version is not null && LimitSchedules.Of(w)[0].Kw == 93, Timeout);
        Assert.DoesNotContain(cluster.Csms.Webhooks(), w => w.GroupId == site && w.Version is not null && LimitSchedules.Of(w)[0].Kw == 92);
        Assert.Equal(newest.Version, (await cluster.SiteAsync(site)).GetProperty("version").GetInt64());
    }
}
