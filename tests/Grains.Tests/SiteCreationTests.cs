using Orleans.Core.Internal;
using OscpFleet.Grains.Tests.Infrastructure;
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
}
