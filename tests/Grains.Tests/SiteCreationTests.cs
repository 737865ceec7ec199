using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;
using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Silo.Storage;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// What a new site writes: no meter row until it has something to keep. Its open measurement period is still the one it
/// was onboarded in, after a deactivation, by the onboarding instant its site row holds.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteCreationTests(SiteCluster cluster)
{
    [Fact]
    public async Task A_new_site_without_a_meter_row_collects_from_the_period_it_was_onboarded_in_after_a_reactivation()
    {
        var site = cluster.Site(NewGroupId());
        await site.UpsertAsync(Definition());
        var onboarded = (await site.GetOutboxAsync())!.OpenPeriodStart;

        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        // Daily periods in this cluster: the next activation is a period later than the onboarding.
        cluster.Clock.Advance(TimeSpan.FromDays(1));
        var reloaded = (await site.GetOutboxAsync())!.OpenPeriodStart;

        Assert.NotNull(onboarded);
        Assert.Equal(onboarded, reloaded);
    }

    [Fact]
    public async Task A_site_stored_with_its_report_reminder_noted_in_the_outbox_row_loads_and_notes_it_in_the_site_row()
    {
        var groupId = NewGroupId();
        var grainId = GrainId.Create("site", groupId);
        var storage = cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);
        var serializer = new JsonGrainStateSerializer();
        // The rows as the build before wrote them: the site row without the reminder's fields, the outbox row with them.
        var site = serializer.Deserialize<SiteState>(BinaryData.FromString($$"""
            {"schemaVersion":1,"definition":{"peerId":"{{SiteCluster.PeerId}}","assetId":"asset-1","timeZone":"Europe/Amsterdam",
             "nominalVoltage":230,"phases":3,"baseDoe":[{"from":"00:00","kw":100}],"maxImportKw":500,"csms":"{{SiteCluster.CsmsEndpoint}}","chargers":[]},
             "disabled":false,"allZeroRequestIds":[],"recentRequestIds":[],"peerOnline":false,"connectionLost":true,"versions":[],
             "deliveredVersion":0,"deliveryAttempts":0,"appliedVersion":0,"complianceRisk":false}
            """));
        var outbox = serializer.Deserialize<SiteOutboxState>(BinaryData.FromString("""
            {"schemaVersion":1,"nextId":1,"queued":[],"rejected":[],"sent":0,"dropped":0,"registerWh":0,"complianceKeys":[],
             "idempotencyKeys":[],"reminderPeriodMinutes":1440,"reminderDelayMs":1000}
            """));
        await storage.WriteStateAsync("site", grainId, new GrainState<SiteState>(site));
        await storage.WriteStateAsync("outbox", grainId, new GrainState<SiteOutboxState>(outbox));

        var view = await cluster.Site(groupId).GetAsync();
        // Its report delay differs from the one noted (the spread offset is the group id's): the tick registers the
        // reminder again and notes it, now in the site row.
        await cluster.Site(groupId).TickAsync();
        var stored = new GrainState<SiteState>(new SiteState());
        await storage.ReadStateAsync("site", grainId, stored);

        Assert.NotNull(view);
        Assert.Equal("asset-1", view.Definition.AssetId);
        Assert.NotNull(stored.State);
        Assert.Equal(1440, stored.State.ReportReminderPeriodMinutes);
        Assert.NotEqual(0, stored.State.ReportReminderDelayMs);
    }
}
