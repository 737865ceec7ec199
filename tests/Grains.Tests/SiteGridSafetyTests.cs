using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>Losing the connection to the grid operator only ever lowers a site's limit.</summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteGridSafetyTests(SiteCluster cluster)
{
    private static readonly TimeSpan Patience = SiteCluster.Patience;

    [Fact]
    public async Task An_emergency_stop_holds_when_the_connection_is_lost()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        await cluster.OnboardOnlineAsync(groupId, Definition(baseDoeKw: 100, maxImportKw: 500));
        var now = cluster.Clock.GetUtcNow();
        var start = Minute(now);
        var stopEnd = start.AddHours(2);
        await site.ReceiveForecastAsync(SiteCluster.PeerId, "fallback-300",
            Forecast(groupId, CapacityForecastType.FallbackConsumption, Kw(300, start, start.AddHours(24))));
        Assert.Equal(ForecastOutcome.Accepted, await site.ReceiveForecastAsync(SiteCluster.PeerId, "stop",
            Forecast(groupId, CapacityForecastType.Consumption, Kw(0, start, stopEnd))));
        var stop = (await site.GetAsync())!;
        Assert.Equal(0, stop.LimitKw);
        Assert.Equal(SiteStates.EmergencyStop, stop.State);

        await cluster.NoticeAsync(groupId, new PeerLink(Online: false, LimitsLost: true));

        var lost = (await site.GetAsync())!;
        Assert.True(lost.ConnectionLost);
        Assert.Equal(0, lost.LimitKw);
        Assert.Equal(SiteStates.EmergencyStop, lost.State);
        DateTimeOffset[] covered = [now, now.AddMinutes(1), start.AddHours(1), stopEnd.AddSeconds(-1)];
        foreach (var t in covered)
        {
            var document = (await site.GetLimitsAsync(t))!;
            Assert.Equal(0, KwAt(document, t));
            Assert.True(document.EmergencyStop);
        }
        // Every version the CSMS got from the stop on, delivered up to the newest.
        await cluster.Calls.NextHandledAsync(groupId, lost.Version, Patience);
        var sinceStop = cluster.Csms.Received(groupId).Where(w => w.Version >= stop.Version).ToList();
        Assert.Contains(sinceStop, w => w.Version == lost.Version);
        Assert.All(sinceStop, w => AssertNoneAbove(0, w.Document, now, stopEnd));
        Assert.All(sinceStop, w => Assert.Equal(LimitReason.EmergencyStop, w.Document.Reason));

        // Time passes while the connection stays lost: the stop stays in force until its blocks end.
        cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        await site.TickAsync();
        var later = (await site.GetAsync())!;
        Assert.True(later.ConnectionLost);
        Assert.Equal(0, later.LimitKw);
        AssertNoneAbove(0, (await site.GetLimitsAsync(null))!, cluster.Clock.GetUtcNow(), stopEnd);
    }

    [Fact]
    public async Task A_forecast_that_reaches_the_site_after_it_heard_of_the_loss_does_not_make_it_live_again()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        await cluster.OnboardOnlineAsync(groupId, Definition(baseDoeKw: 100, maxImportKw: 500));
        var start = Minute(cluster.Clock.GetUtcNow());
        await site.ReceiveForecastAsync(SiteCluster.PeerId, "fallback-80",
            Forecast(groupId, CapacityForecastType.FallbackConsumption, Kw(80, start, start.AddHours(24))));
        await cluster.NoticeAsync(groupId, new PeerLink(Online: false, LimitsLost: true));

        // It passed the gateway's gate a moment before the loss; the peer (never connected here) says the link is down.
        Assert.Equal(ForecastOutcome.Accepted, await site.ReceiveForecastAsync(SiteCluster.PeerId, "late-200",
            Forecast(groupId, CapacityForecastType.Consumption, Kw(200, start, start.AddHours(2)))));

        var view = (await site.GetAsync())!;
        Assert.True(view.ConnectionLost);
        Assert.Equal(80, view.LimitKw);
    }

    [Fact]
    public async Task A_lost_connection_never_raises_a_forecast_limit_to_its_higher_fallback()
    {
        var (groupId, site, now, forecastEnd) = await SiteWithForecastsAsync(fallbackKw: 300, consumptionKw: 50);
        var live = (await site.GetAsync())!;
        Assert.Equal(50, live.LimitKw);

        await cluster.NoticeAsync(groupId, new PeerLink(Online: false, LimitsLost: true));

        var lost = (await site.GetAsync())!;
        Assert.True(lost.ConnectionLost);
        Assert.Equal(50, lost.LimitKw);
        foreach (var t in new[] { now, forecastEnd.AddHours(-1), forecastEnd.AddSeconds(-1) })
        {
            Assert.Equal(50, KwAt((await site.GetLimitsAsync(t))!, t));
        }
        await cluster.Calls.NextHandledAsync(groupId, lost.Version, Patience);
        var sinceForecast = cluster.Csms.Received(groupId).Where(w => w.Version >= live.Version).ToList();
        Assert.NotEmpty(sinceForecast);
        Assert.All(sinceForecast, w => AssertNoneAbove(50, w.Document, now, forecastEnd));
    }

    [Fact]
    public async Task A_lost_connection_lowers_a_forecast_above_the_fallback_and_a_handshake_restores_it()
    {
        var (groupId, site, now, _) = await SiteWithForecastsAsync(fallbackKw: 80, consumptionKw: 200);
        var live = (await site.GetAsync())!;
        Assert.Equal(200, live.LimitKw);

        await cluster.NoticeAsync(groupId, new PeerLink(Online: false, LimitsLost: true));

        var lost = (await site.GetAsync())!;
        Assert.Equal(80, lost.LimitKw);
        Assert.Equal(live.Version + 1, lost.Version);
        var lowered = await cluster.Csms.NextWithVersionAsync(groupId, lost.Version, Patience);
        Assert.Equal(80, KwAt(lowered.Document, now));
        Assert.Equal(LimitReason.Fallback, lowered.Document.Reason);

        await cluster.NoticeAsync(groupId, new PeerLink(Online: true, LimitsLost: false));

        var back = (await site.GetAsync())!;
        Assert.False(back.ConnectionLost);
        Assert.Equal(200, back.LimitKw);
        Assert.Equal(lost.Version + 1, back.Version);
        Assert.Equal(200, KwAt((await cluster.Csms.NextWithVersionAsync(groupId, back.Version, Patience)).Document, now));
    }

    [Fact]
    public async Task A_routine_rehandshake_issues_no_new_version()
    {
        var (groupId, site, now, _) = await SiteWithForecastsAsync(fallbackKw: 80, consumptionKw: 200);
        await cluster.NoticeAsync(groupId, new PeerLink(Online: true, LimitsLost: false));
        var online = (await site.GetAsync())!;
        Assert.True(online.PeerOnline);
        Assert.Equal(200, online.LimitKw);
        await cluster.Calls.NextHandledAsync(groupId, online.Version, Patience);

        // The CP handshakes again: not Online for a moment, but the connection is not lost for limits.
        await cluster.NoticeAsync(groupId, new PeerLink(Online: false, LimitsLost: false));

        var rehandshaking = (await site.GetAsync())!;
        Assert.False(rehandshaking.PeerOnline);
        Assert.False(rehandshaking.ConnectionLost);
        Assert.Equal(online.Version, rehandshaking.Version);
        Assert.Equal(200, rehandshaking.LimitKw);

        await cluster.NoticeAsync(groupId, new PeerLink(Online: true, LimitsLost: false));

        var back = (await site.GetAsync())!;
        Assert.True(back.PeerOnline);
        Assert.Equal(online.Version, back.Version);
        Assert.Equal(online.Version, back.DeliveredVersion);
        Assert.Equal(200, back.LimitKw);
        Assert.DoesNotContain(cluster.Csms.Received(groupId), w => w.Version > online.Version);
    }

    /// <summary>Tells the site its peer link changed (a one-way call) and waits until it handled the notice.</summary>
    /// <summary>
    /// A new site, Online, with a fallback of <paramref name="fallbackKw"/> for the day and a consumption forecast of
    /// <paramref name="consumptionKw"/> for the next two hours (ending at <c>ForecastEnd</c>); base DOE 100 kW.
    /// </summary>
    private async Task<(string GroupId, ISiteGrain Site, DateTimeOffset Now, DateTimeOffset ForecastEnd)> SiteWithForecastsAsync(double fallbackKw, double consumptionKw)
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        await cluster.OnboardOnlineAsync(groupId, Definition(baseDoeKw: 100, maxImportKw: 500));
        var now = cluster.Clock.GetUtcNow();
        var start = Minute(now);
        await site.ReceiveForecastAsync(SiteCluster.PeerId, $"fallback-{fallbackKw}",
            Forecast(groupId, CapacityForecastType.FallbackConsumption, Kw(fallbackKw, start, start.AddHours(24))));
        await site.ReceiveForecastAsync(SiteCluster.PeerId, $"consumption-{consumptionKw}",
            Forecast(groupId, CapacityForecastType.Consumption, Kw(consumptionKw, start, start.AddHours(2))));
        return (groupId, site, now, start.AddHours(2));
    }

    /// <summary>No interval of <paramref name="document"/> overlapping [<paramref name="from"/>, <paramref name="to"/>) is above <paramref name="kw"/>.</summary>
    private static void AssertNoneAbove(double kw, LimitDocument document, DateTimeOffset from, DateTimeOffset to)
    {
        var overlapping = document.Schedule.Where(i => i.From < to && from < i.To).ToList();
        Assert.NotEmpty(overlapping);
        Assert.All(overlapping, i => Assert.True(i.Kw <= kw, $"version {document.Version}: {i.Kw} kW over [{i.From:O}, {i.To:O})"));
    }
}
