using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using OscpFleet.Grains.Outbound;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// A site that goes away gracefully (a rolling restart, a rebalance, idle collection) while an outbox message is on the
/// wire: it waits for the CP's answer and stores it, so the activation that loads the outbox next does not send the
/// message a second time. A message still waiting for its turn at the CP's pacer has not left: the site does not wait
/// for it (a stopping silo would otherwise wait for a whole fleet's reports), and the next activation sends it.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteDeactivationTests(SiteCluster cluster)
{
    private static readonly TimeSpan Patience = SiteCluster.Patience;

    [Fact]
    public async Task A_site_deactivated_with_its_outbox_message_on_the_wire_stores_the_CPs_answer_and_the_CP_gets_the_message_once()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        var held = cluster.Cp.Hold(groupId);
        // The answer's report-back is lost (as with a silo going away): only the deactivating activation can store it.
        cluster.Calls.LoseNextOutboxReportBack(groupId);
        await cluster.OnboardOnlineAsync(groupId, Definition());
        var from = Minute(cluster.Clock.GetUtcNow()).AddHours(1);

        var queued = await site.RequestCapacityAsync(CapacityForecastType.Consumption, [Kw(120, from, from.AddMinutes(15))]);
        Assert.Equal(OutboxStatus.Queued, queued.Status);
        var path = await held.Arrived.WaitAsync(Patience);
        Assert.Contains("adjust_group_capacity_forecast", path, StringComparison.Ordinal);

        // The message is on the wire, unanswered: the activation is asked to go, then the CP answers.
        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        held.Release(HttpStatusCode.NoContent);
        Assert.Equal(queued.MessageId, await cluster.Calls.NextOutboxReportBackLostAsync(groupId, Patience));

        // A new activation has the outbox row as the old one stored it: the message is done.
        var outbox = (await site.GetOutboxAsync())!;
        Assert.DoesNotContain(outbox.Queued, m => m.Id == queued.MessageId);
        Assert.DoesNotContain(outbox.Rejected, m => m.Id == queued.MessageId);
        // A tick would send anything still queued; the CP has still seen the message once.
        await site.TickAsync();
        Assert.Empty((await site.GetOutboxAsync())!.Queued);
        Assert.Equal([path], cluster.Cp.Received(groupId));
    }

    [Fact]
    public async Task A_site_deactivated_while_its_message_waits_for_its_turn_at_the_CP_goes_at_once_and_the_next_activation_sends_the_message_once()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        await cluster.OnboardOnlineAsync(groupId, Definition());
        var pacer = cluster.SiloServices.GetRequiredService<OutboundPacer>();
        var cap = new PeerOptions().MaxInFlight;
        var destination = "peer:" + SiteCluster.PeerId;
        // Every place towards the CP is taken (a fleet's reports ahead of this one): the site's message waits its turn.
        var places = new List<IDisposable>();
        for (var i = 0; i < pacer.Share(cap); i++) places.Add(await pacer.EnterAsync(destination, cap));
        HeldOscpCall held;
        string path;
        long messageId;
        try
        {
            var from = Minute(cluster.Clock.GetUtcNow()).AddHours(1);
            var queued = await site.RequestCapacityAsync(CapacityForecastType.Consumption, [Kw(120, from, from.AddMinutes(15))]);
            Assert.Equal(OutboxStatus.Queued, queued.Status);
            messageId = queued.MessageId ?? throw new InvalidOperationException("a queued message has an id");

            await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            // The old activation did not wait for a turn that is not coming: a new one answers, with the message still
            // queued and nothing sent.
            var outbox = (await site.GetOutboxAsync().WaitAsync(Patience))!;
            Assert.Contains(outbox.Queued, m => m.Id == messageId);
            Assert.Empty(cluster.Cp.Received(groupId));
            held = cluster.Cp.Hold(groupId);
            // This cluster's peer never connects: the new activation read it as down, so it is told it is Online again.
            await cluster.NoticeAsync(groupId, new PeerLink(Online: true, LimitsLost: false));
        }
        finally
        {
            foreach (var place in places) place.Dispose();
        }

        // Places free: the new activation's send goes, once.
        path = await held.Arrived.WaitAsync(Patience);
        Assert.Contains("adjust_group_capacity_forecast", path, StringComparison.Ordinal);
        held.Release(HttpStatusCode.NoContent);
        Assert.Equal(messageId, await cluster.Calls.NextOutboxReportBackHandledAsync(groupId, Patience));
        Assert.Empty((await site.GetOutboxAsync())!.Queued);
        Assert.Equal([path], cluster.Cp.Received(groupId));
    }
}
