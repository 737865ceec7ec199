using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>What the forecast hot path keeps between calls must never outlive what it was made from.</summary>
[Collection(SiteClusterCollection.Name)]
public sealed class HotPathTests(SiteCluster cluster)
{
    private static readonly TimeSpan Patience = SiteCluster.Patience;

    [Fact]
    public async Task A_grain_reference_built_from_the_remembered_types_is_the_one_GetGrain_builds_and_reaches_its_grain()
    {
        var first = NewGroupId();
        var second = NewGroupId();
        await cluster.OnboardOnlineAsync(second, Definition(baseDoeKw: 70));

        // The first call resolves the types, the second builds from them.
        var resolved = cluster.Client.Get<ISiteGrain>(first);
        var built = cluster.Client.Get<ISiteGrain>(second);

        var expected = (GrainReference)cluster.Client.GetGrain<ISiteGrain>(second);
        Assert.Equal(expected.GrainId, ((GrainReference)built).GrainId);
        Assert.Equal(expected.InterfaceType, ((GrainReference)built).InterfaceType);
        Assert.Equal(((GrainReference)cluster.Client.GetGrain<ISiteGrain>(first)).GrainId, ((GrainReference)resolved).GrainId);
        Assert.Null(await resolved.GetAsync());
        Assert.Equal(second, (await built.GetAsync())!.GroupId);
    }

    [Fact]
    public async Task A_changed_base_DOE_is_used_by_the_next_forecast_of_the_same_activation()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        await cluster.OnboardOnlineAsync(groupId, Definition(baseDoeKw: 100));
        var now = cluster.Clock.GetUtcNow();
        var start = Minute(now);
        await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-before", Forecast(groupId, CapacityForecastType.Consumption, Kw(42, start, start.AddHours(1))));
        Assert.Equal(100, KwAt((await site.GetLimitsAsync(null))!, start.AddHours(1)));

        await site.UpsertAsync(Definition(baseDoeKw: 60));
        var outcome = await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-after", Forecast(groupId, CapacityForecastType.Consumption, Kw(41, start, start.AddHours(1))));

        Assert.Equal(ForecastOutcome.Accepted, outcome);
        var limits = (await site.GetLimitsAsync(null))!;
        Assert.Equal(41, KwAt(limits, now));
        // After the forecast's hour the base DOE applies: the new one, not the one the activation first built.
        Assert.Equal(60, KwAt(limits, start.AddHours(1)));
        var view = (await site.GetAsync())!;
        await cluster.Csms.NextWithVersionAsync(groupId, view.Version, Patience);
    }
}
