using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>Forecast intake of the site grain: versions, their webhook documents, per-phase limits.</summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteForecastTests(SiteCluster cluster)
{
    private static readonly TimeSpan Patience = SiteCluster.Patience;

    [Fact]
    public async Task A_forecast_issues_a_new_version_whose_webhook_carries_its_kW_and_a_repeated_request_id_changes_nothing()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        var (created, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition(baseDoeKw: 100));
        Assert.True(created);
        await cluster.Csms.NextWithVersionAsync(groupId, onboarded.Version, Patience);

        var now = cluster.Clock.GetUtcNow();
        var start = Minute(now);
        var outcome = await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-1",
            Forecast(groupId, CapacityForecastType.Consumption, Kw(42, start, start.AddHours(1))));

        Assert.Equal(ForecastOutcome.Accepted, outcome);
        var view = (await site.GetAsync())!;
        Assert.Equal(onboarded.Version + 1, view.Version);
        Assert.Equal(42, view.LimitKw);
        var webhook = await cluster.Csms.NextWithVersionAsync(groupId, view.Version, Patience);
        Assert.Equal(groupId, webhook.Document.GroupId);
        Assert.Equal(42, KwAt(webhook.Document, now));
        Assert.Equal(42, KwAt(webhook.Document, start.AddHours(1).AddSeconds(-1)));
        Assert.Equal(100, KwAt(webhook.Document, start.AddHours(1)));
        await cluster.Calls.NextHandledAsync(groupId, view.Version, Patience);
        Assert.Equal(view.Version, (await site.GetAsync())!.DeliveredVersion);

        // The same request id again, even with other values: a retry of the CP, not a new forecast.
        var repeated = await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-1",
            Forecast(groupId, CapacityForecastType.Consumption, Kw(7, start, start.AddHours(1))));

        Assert.Equal(ForecastOutcome.Duplicate, repeated);
        var after = (await site.GetAsync())!;
        Assert.Equal(view.Version, after.Version);
        Assert.Equal(42, after.LimitKw);
        Assert.Equal(42, KwAt((await site.GetLimitsAsync(null))!, now));
        // Nothing undelivered, so nothing is sent even when the site is asked to do what is due.
        await site.TickAsync();
        Assert.All(cluster.Csms.Received(groupId), w => Assert.True(w.Version <= view.Version));
    }

    [Fact]
    public async Task A_whole_site_block_and_a_tighter_single_phase_block_give_three_times_the_phase_limit()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        await cluster.OnboardOnlineAsync(groupId, Definition(baseDoeKw: 100));
        var now = cluster.Clock.GetUtcNow();
        var start = Minute(now);

        await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-phases", Forecast(groupId, CapacityForecastType.Consumption,
            Kw(100, start, start.AddHours(1)),
            new ForecastedBlock(10, PhaseIndicator.One, ForecastedBlockUnit.A, start, start.AddHours(1))));

        // 3 phases × 230 V × 10 A = 6.9 kW, below the 100 kW of the whole-site block.
        var view = (await site.GetAsync())!;
        Assert.Equal(6.9, view.LimitKw!.Value, 9);
        var document = (await site.GetLimitsAsync(now))!;
        Assert.Equal(6.9, KwAt(document, now)!.Value, 9);
        var webhook = await cluster.Csms.NextWithVersionAsync(groupId, view.Version, Patience);
        Assert.Equal(6.9, KwAt(webhook.Document, now)!.Value, 9);
    }

    [Fact]
    public async Task A_superseded_version_keeps_the_intervals_it_was_in_force_and_every_instant_keeps_its_limit()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        var (_, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition(baseDoeKw: 100));
        var first = cluster.Clock.GetUtcNow();
        var start = Minute(first);

        // Four hours of 15-minute blocks alternating 40 / 60 kW, then a second forecast an hour later replacing them.
        var blocks = Enumerable.Range(0, 16).Select(i => Kw(i % 2 == 0 ? 40 : 60, start.AddMinutes(15 * i), start.AddMinutes(15 * (i + 1)))).ToArray();
        await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-a", Forecast(groupId, CapacityForecastType.Consumption, blocks));
        var superseded = (await site.GetAsync())!.Version;
        Assert.Equal(onboarded.Version + 1, superseded);
        var wholeSchedule = (await site.GetLimitsAsync(null))!.Schedule;
        cluster.Clock.Advance(TimeSpan.FromHours(1));
        var second = cluster.Clock.GetUtcNow();
        await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-b", Forecast(groupId, CapacityForecastType.Consumption, Kw(30, Minute(second), Minute(second).AddHours(4))));
        var newest = (await site.GetAsync())!;
        Assert.Equal(superseded + 1, newest.Version);

        // In force during the first hour: the superseded version, its limits unchanged, its intervals up to the next issue only.
        var past = (await site.GetLimitsAsync(first.AddMinutes(20)))!;
        Assert.Equal(superseded, past.Version);
        Assert.Equal(60, KwAt(past, first.AddMinutes(20)));
        Assert.Equal(40, KwAt(past, start.AddMinutes(30)));
        Assert.True(past.Schedule.Length < wholeSchedule.Length, $"{past.Schedule.Length} of {wholeSchedule.Length} intervals kept");
        Assert.All(past.Schedule, i => Assert.True(i.From < second, $"{i.From:O} is after the next issue {second:O}"));
        Assert.True(past.Schedule[^1].To >= LimitDocumentsWholeSeconds(second));
        // The newest version is whole: now and the hours ahead.
        var current = (await site.GetLimitsAsync(null))!;
        Assert.Equal(newest.Version, current.Version);
        Assert.Equal(30, KwAt(current, second));
        Assert.Equal(30, KwAt(current, Minute(second).AddHours(4).AddSeconds(-1)));
        Assert.Equal(100, KwAt(current, Minute(second).AddHours(4)));
        Assert.Equal(100, KwAt(current, second.AddHours(23)));
    }

    private static DateTimeOffset LimitDocumentsWholeSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);
}
