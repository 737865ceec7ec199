using System.Net;
using Orleans.Core.Internal;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// A site that goes away gracefully (a rolling restart, a rebalance, idle collection) while an outbox message is on the
/// wire: it waits for the CP's answer and stores it, so the activation that loads the outbox next does not send the
/// message a second time.
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
}
