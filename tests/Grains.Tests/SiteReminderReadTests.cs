using Orleans.Core.Internal;
using OscpFleet.Grains.Tests.Infrastructure;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// What a site reads of the reminder table (a Table read each in production, thousands at once when a silo is lost and
/// its sites reactivate): nothing on a plain reactivation; the report reminder only when an import says so, where a
/// missing one is registered again; a delivery reminder an earlier activation left behind is found by its own tick.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteReminderReadTests(SiteCluster cluster)
{
    private const string ReportReminder = "site-report";
    private const string DeliveryReminder = "site-delivery";

    [Fact]
    public async Task A_reactivated_site_with_its_report_reminder_noted_ticks_without_reading_the_reminder_table()
    {
        var (groupId, grainId) = NewSite();
        var site = cluster.Site(groupId);
        await site.UpsertAsync(Definition());
        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var before = cluster.Reminders.ReadsOf(grainId);

        await site.TickAsync();
        await site.TickAsync();

        Assert.Equal(before, cluster.Reminders.ReadsOf(grainId));
        Assert.NotNull(await cluster.Reminders.ReadRow(grainId, ReportReminder));
    }

    [Fact]
    public async Task A_reimport_reads_the_report_reminder_and_registers_it_again_when_it_is_missing()
    {
        var (groupId, grainId) = NewSite();
        var site = cluster.Site(groupId);
        await site.UpsertAsync(Definition());
        var registered = await cluster.Reminders.ReadRow(grainId, ReportReminder) ?? throw new InvalidOperationException("no report reminder after the import");
        Assert.True(await cluster.Reminders.RemoveRow(grainId, ReportReminder, registered.ETag!));
        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        await site.UpsertAsync(Definition());

        Assert.NotNull(await cluster.Reminders.ReadRow(grainId, ReportReminder));
    }

    [Fact]
    public async Task A_delivery_reminder_an_earlier_activation_left_is_unregistered_at_its_first_tick_once_nothing_needs_it()
    {
        var (groupId, grainId) = NewSite();
        var site = cluster.Site(groupId);
        var (_, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition());
        await cluster.Csms.NextWithVersionAsync(groupId, onboarded.Version, SiteCluster.Patience);
        await site.MarkAppliedAsync(onboarded.Version);
        // As an activation whose webhooks kept failing left it before its silo was lost.
        await cluster.Reminders.UpsertRow(new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = DeliveryReminder,
            StartAt = cluster.Clock.GetUtcNow().UtcDateTime,
            Period = TimeSpan.FromMinutes(1),
        });
        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        await site.AsReference<IRemindable>().ReceiveReminder(DeliveryReminder, default);

        Assert.Null(await cluster.Reminders.ReadRow(grainId, DeliveryReminder));
        Assert.NotNull(await cluster.Reminders.ReadRow(grainId, ReportReminder));
    }

    private static (string GroupId, GrainId GrainId) NewSite()
    {
        var groupId = NewGroupId();
        return (groupId, GrainId.Create("site", groupId));
    }
}
