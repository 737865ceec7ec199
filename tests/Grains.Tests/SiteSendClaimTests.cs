using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Oscp.Outbox;
using OscpFleet.Oscp.Wire;
using OscpFleet.Silo.Storage;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// Orleans' default grain directory allows two activations of one site for a moment while silos come and go: one
/// finishing its deactivation with an outbox message on the wire, one already serving. The second finds the first's send
/// claim in the outbox row and sends nothing until that activation stored the CP's answer or its claim ran out: the CP
/// does not get the message twice. (The other activation is played here by writing the row as it would.)
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteSendClaimTests(SiteCluster cluster)
{
    private static readonly TimeSpan Patience = SiteCluster.Patience;

    /// <summary>How long another activation's claim holds back this one, with the client's default total timeout.</summary>
    private static readonly TimeSpan Hold = SendClaims.Hold(TimeSpan.FromSeconds(30 + 5));

    [Fact]
    public async Task A_site_whose_outbox_another_activation_claimed_sends_nothing_and_finds_the_message_gone_once_that_activation_stored_the_answer()
    {
        var (groupId, messageId) = await QueuedAndClaimedElsewhereAsync();
        var site = cluster.Site(groupId);

        // That activation stores the CP's answer: the message leaves the row, and its claim with it.
        await EditOutboxRowAsync(groupId, outbox =>
        {
            outbox.Queued.RemoveAll(m => m.Id == messageId);
            outbox.Claim = null;
            outbox.Sent++;
        });
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await site.TickAsync();

        Assert.Empty((await site.GetOutboxAsync())!.Queued);
        Assert.Empty(cluster.Cp.Received(groupId));
    }

    [Fact]
    public async Task A_site_whose_outbox_another_activation_claimed_sends_the_message_once_the_claim_ran_out_and_only_once()
    {
        var (groupId, messageId) = await QueuedAndClaimedElsewhereAsync();
        var site = cluster.Site(groupId);

        // Still held back just before the claim runs out.
        cluster.Clock.Advance(Hold - TimeSpan.FromSeconds(1));
        await site.TickAsync();
        Assert.Empty(cluster.Cp.Received(groupId));

        // That activation went with its silo and never answered: the claim runs out and this one sends, under its own.
        var held = cluster.Cp.Hold(groupId);
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await site.TickAsync();
        var path = await held.Arrived.WaitAsync(Patience);
        Assert.Contains("adjust_group_capacity_forecast", path, StringComparison.Ordinal);
        var claim = (await ReadOutboxRowAsync(groupId)).Claim;
        Assert.NotNull(claim);
        Assert.Equal(messageId, claim.MessageId);
        Assert.NotEqual(OtherActivation, claim.Activation);

        held.Release(HttpStatusCode.NoContent);
        Assert.Equal(messageId, await cluster.Calls.NextOutboxReportBackHandledAsync(groupId, Patience));
        await site.TickAsync();
        Assert.Empty((await site.GetOutboxAsync())!.Queued);
        Assert.Equal([path], cluster.Cp.Received(groupId));
        // Nothing more on the wire: the row carries no claim.
        Assert.Null((await ReadOutboxRowAsync(groupId)).Claim);
    }

    [Fact]
    public async Task A_site_whose_outbox_was_claimed_on_a_silo_that_left_the_cluster_sends_the_message_at_once_and_once()
    {
        var (groupId, messageId) = await QueuedWhileOfflineAsync();
        var site = cluster.Site(groupId);
        // Generation 1: a silo long gone (membership takes a silo older than its members as dead).
        var gone = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1).ToParsableString();
        var held = cluster.Cp.Hold(groupId);
        await ClaimElsewhereAndComeOnlineAsync(groupId, messageId, gone);

        // No clock moved: the claim still runs, but its silo is dead, so nothing of it is on the wire.
        var path = await held.Arrived.WaitAsync(Patience);
        Assert.Contains("adjust_group_capacity_forecast", path, StringComparison.Ordinal);
        held.Release(HttpStatusCode.NoContent);
        Assert.Equal(messageId, await cluster.Calls.NextOutboxReportBackHandledAsync(groupId, Patience));
        Assert.Empty((await site.GetOutboxAsync())!.Queued);
        Assert.Equal([path], cluster.Cp.Received(groupId));
    }

    private const string OtherActivation = "the-other-activation";

    /// <summary>
    /// A site with a capacity request queued (its peer was Offline), whose outbox row another activation on this silo
    /// then claimed as it sent the message; this activation is new and told the peer is Online. Nothing reached the CP.
    /// </summary>
    private async Task<(string GroupId, long MessageId)> QueuedAndClaimedElsewhereAsync()
    {
        var (groupId, messageId) = await QueuedWhileOfflineAsync();
        var silo = cluster.SiloServices.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
        await ClaimElsewhereAndComeOnlineAsync(groupId, messageId, silo);
        await cluster.Site(groupId).TickAsync();

        Assert.Contains((await cluster.Site(groupId).GetOutboxAsync())!.Queued, m => m.Id == messageId);
        Assert.Empty(cluster.Cp.Received(groupId));
        return (groupId, messageId);
    }

    /// <summary>A site with a capacity request queued while its peer was Offline: not sendable, so the row carries no claim.</summary>
    private async Task<(string GroupId, long MessageId)> QueuedWhileOfflineAsync()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        await cluster.OnboardOnlineAsync(groupId, Definition());
        await cluster.NoticeAsync(groupId, new PeerLink(Online: false, LimitsLost: false));
        var from = Minute(cluster.Clock.GetUtcNow()).AddHours(1);
        var queued = await site.RequestCapacityAsync(CapacityForecastType.Consumption, [Kw(120, from, from.AddMinutes(15))]);
        Assert.Equal(OutboxStatus.Queued, queued.Status);
        Assert.Null((await ReadOutboxRowAsync(groupId)).Claim);
        return (groupId, queued.MessageId ?? throw new InvalidOperationException("a queued message has an id"));
    }

    /// <summary>
    /// The site's activation goes; the row is written as another activation on <paramref name="silo"/> would, claiming
    /// the message; a new activation is told the peer is Online (this cluster's peer never connects), when it would send.
    /// </summary>
    private async Task ClaimElsewhereAndComeOnlineAsync(string groupId, long messageId, string silo)
    {
        await cluster.Site(groupId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await EditOutboxRowAsync(groupId, outbox => outbox.Claim = new SendClaim
        {
            Activation = OtherActivation,
            Silo = silo,
            MessageId = messageId,
            At = cluster.Clock.GetUtcNow(),
        });
        await cluster.NoticeAsync(groupId, new PeerLink(Online: true, LimitsLost: false));
    }

    private IGrainStorage Storage => cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);

    private async Task<SiteOutboxState> ReadOutboxRowAsync(string groupId)
    {
        var row = new GrainState<SiteOutboxState>(new SiteOutboxState());
        await Storage.ReadStateAsync("outbox", GrainId.Create("site", groupId), row);
        return row.State ?? throw new InvalidOperationException($"no outbox row for {groupId}");
    }

    private async Task EditOutboxRowAsync(string groupId, Action<SiteOutboxState> edit)
    {
        var row = new GrainState<SiteOutboxState>(new SiteOutboxState());
        var grainId = GrainId.Create("site", groupId);
        await Storage.ReadStateAsync("outbox", grainId, row);
        edit(row.State ?? throw new InvalidOperationException($"no outbox row for {groupId}"));
        await Storage.WriteStateAsync("outbox", grainId, row);
    }
}
