using System.Net;
using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Oscp.Retry;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>Pushing limit versions to the CSMS: newest only, retried, never stalled, never in the way of forecasts.</summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteDeliveryTests(SiteCluster cluster)
{
    private static readonly TimeSpan Patience = SiteCluster.Patience;

    [Fact]
    public async Task A_lost_report_back_never_stalls_delivery_the_same_version_is_sent_again_until_delivered()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        cluster.Calls.FailNext(groupId, 2);

        var (_, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition());

        var version = onboarded.Version;
        var first = await cluster.Csms.NextAsync(groupId, Patience);
        Assert.Equal(version, first.Version);
        Assert.Equal(new ReportBack(version, true, Injected: true), await cluster.Calls.NextAsync(groupId, Patience));
        // The site never heard the answer: its next tick sends the same version again, without any back-off.
        var second = await cluster.Csms.NextAsync(groupId, Patience);
        Assert.Equal(version, second.Version);
        Assert.Equal(first.SignedAt, second.SignedAt);
        Assert.Equal(new ReportBack(version, true, Injected: true), await cluster.Calls.NextAsync(groupId, Patience));
        var third = await cluster.Csms.NextAsync(groupId, Patience);
        Assert.Equal(version, third.Version);
        Assert.Equal(new ReportBack(version, true, Injected: false), await cluster.Calls.NextAsync(groupId, Patience));

        var view = (await site.GetAsync())!;
        Assert.Equal(version, view.DeliveredVersion);
        Assert.Null(view.DeliveryError);
        Assert.Equal([version, version, version], cluster.Csms.Received(groupId).Select(w => w.Version));
    }

    [Fact]
    public async Task A_failing_CSMS_is_retried_after_the_webhook_back_off_until_it_accepts()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        AlignClockToSecond();
        cluster.Csms.Answer(groupId, HttpStatusCode.InternalServerError); // then 204

        var (_, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition());

        var version = onboarded.Version;
        var failed = await cluster.Csms.NextAsync(groupId, Patience);
        Assert.Equal(version, failed.Version);
        Assert.Equal(new ReportBack(version, false, Injected: false), await cluster.Calls.NextAsync(groupId, Patience));
        var waiting = (await site.GetAsync())!;
        Assert.Equal(0, waiting.DeliveredVersion);
        Assert.Equal("HTTP 500", waiting.DeliveryError);

        // Backoff.Webhook after one failure: between half and all of the first step, on the product clock.
        var firstStep = Backoff.Webhook.Step(1);
        Assert.Equal(TimeSpan.FromSeconds(1), firstStep);
        await site.TickAsync();
        cluster.Clock.Advance(Backoff.Webhook.Delay(1, 0) - TimeSpan.FromMilliseconds(100));
        await site.TickAsync();
        cluster.Clock.Advance(firstStep - (Backoff.Webhook.Delay(1, 0) - TimeSpan.FromMilliseconds(100)));
        await site.TickAsync();

        var retried = await cluster.Csms.NextAsync(groupId, Patience);
        Assert.Equal(version, retried.Version);
        // Sent only once the back-off had passed: a retry before would carry the second of the failure.
        Assert.Equal(failed.SignedAt + (long)firstStep.TotalSeconds, retried.SignedAt);
        Assert.Equal(new ReportBack(version, true, Injected: false), await cluster.Calls.NextAsync(groupId, Patience));
        var delivered = (await site.GetAsync())!;
        Assert.Equal(version, delivered.DeliveredVersion);
        Assert.Null(delivered.DeliveryError);
        Assert.Equal(2, cluster.Csms.Received(groupId).Count);
    }

    [Fact]
    public async Task A_slow_CSMS_never_blocks_forecasts_and_only_the_newest_version_goes_once_it_answers()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        var hold = cluster.Csms.Hold(groupId);
        var (_, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition());
        Assert.Equal(onboarded.Version, (await hold.Arrived.WaitAsync(Patience)).Version);

        var start = Minute(cluster.Clock.GetUtcNow());
        foreach (var kw in new[] { 30.0, 40.0, 50.0 })
        {
            var outcome = await site.ReceiveForecastAsync(SiteCluster.PeerId, $"req-{kw}",
                Forecast(groupId, CapacityForecastType.Consumption, Kw(kw, start, start.AddHours(1)))).WaitAsync(Patience);
            Assert.Equal(ForecastOutcome.Accepted, outcome);
            // Answered while the webhook is still on the wire, not after the site gave up on it.
            Assert.True(hold.Holding);
            Assert.False(hold.Abandoned);
        }
        var piled = (await site.GetAsync())!;
        Assert.Equal(onboarded.Version + 3, piled.Version);
        Assert.Equal(50, piled.LimitKw);
        Assert.Equal(0, piled.DeliveredVersion);

        hold.Release(HttpStatusCode.NoContent);

        Assert.Equal(new ReportBack(onboarded.Version, true, Injected: false), await cluster.Calls.NextAsync(groupId, Patience));
        Assert.Equal(onboarded.Version, (await cluster.Csms.NextAsync(groupId, Patience)).Version); // the one held
        var next = await cluster.Csms.NextAsync(groupId, Patience);
        Assert.Equal(piled.Version, next.Version);
        Assert.Equal(50, KwAt(next.Document, next.Document.IssuedAt));
        await cluster.Calls.NextHandledAsync(groupId, piled.Version, Patience);
        Assert.Equal(piled.Version, (await site.GetAsync())!.DeliveredVersion);
        Assert.Equal([onboarded.Version, piled.Version], cluster.Csms.Received(groupId).Select(w => w.Version));
    }

    [Fact]
    public async Task Only_the_newest_version_is_ever_sent_when_versions_pile_up_while_the_CSMS_is_down()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        var hold = cluster.Csms.Hold(groupId);
        cluster.Csms.Answer(groupId, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable); // then 204
        var (_, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition());
        await hold.Arrived.WaitAsync(Patience);
        var start = Minute(cluster.Clock.GetUtcNow());
        foreach (var kw in new[] { 30.0, 40.0, 50.0 })
        {
            await site.ReceiveForecastAsync(SiteCluster.PeerId, $"req-{kw}",
                Forecast(groupId, CapacityForecastType.Consumption, Kw(kw, start, start.AddHours(1))));
        }
        var newest = (await site.GetAsync())!.Version;
        Assert.Equal(onboarded.Version + 3, newest);

        // The CSMS is down: the webhook on the wire fails, and so does the newest version after it, twice.
        hold.Release(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(new ReportBack(onboarded.Version, false, Injected: false), await cluster.Calls.NextAsync(groupId, Patience));
        Assert.Equal(onboarded.Version, (await cluster.Csms.NextAsync(groupId, Patience)).Version); // the one held
        Assert.Equal(newest, (await cluster.Csms.NextAsync(groupId, Patience)).Version);
        Assert.Equal(new ReportBack(newest, false, Injected: false), await cluster.Calls.NextAsync(groupId, Patience));
        cluster.Clock.Advance(Backoff.Webhook.Step(1));
        await site.TickAsync();
        Assert.Equal(newest, (await cluster.Csms.NextAsync(groupId, Patience)).Version);
        Assert.Equal(new ReportBack(newest, false, Injected: false), await cluster.Calls.NextAsync(groupId, Patience));
        var down = (await site.GetAsync())!;
        Assert.Equal(0, down.DeliveredVersion);
        Assert.Equal("HTTP 503", down.DeliveryError);

        // A new version during the back-off goes at once, and the CSMS is back.
        await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-60",
            Forecast(groupId, CapacityForecastType.Consumption, Kw(60, start, start.AddHours(1))));
        var latest = (await site.GetAsync())!.Version;
        Assert.Equal(newest + 1, latest);
        Assert.Equal(latest, (await cluster.Csms.NextAsync(groupId, Patience)).Version);
        await cluster.Calls.NextHandledAsync(groupId, latest, Patience);
        var delivered = (await site.GetAsync())!;
        Assert.Equal(latest, delivered.DeliveredVersion);
        Assert.Null(delivered.DeliveryError);
        Assert.Equal([onboarded.Version, newest, newest, latest], cluster.Csms.Received(groupId).Select(w => w.Version));
    }

    private void AlignClockToSecond()
    {
        var ticks = cluster.Clock.GetUtcNow().Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0) cluster.Clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - ticks));
    }
}
