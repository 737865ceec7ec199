using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// After a silo leaves, one survivor wakes every enabled site of the registry (<see cref="SiteWakeUp"/>), a bounded
/// number at a time: the wake-ups are held on the silo, so every one the waker started is visible at once.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteWakeUpTests(SiteCluster cluster)
{
    private const int Cap = 3;

    [Fact]
    public async Task Every_enabled_site_is_woken_once_and_never_more_than_the_cap_at_a_time()
    {
        var enabled = Enumerable.Range(0, 2 * Cap + 2).Select(_ => NewGroupId()).ToList();
        var disabled = NewGroupId();
        foreach (var groupId in enabled.Append(disabled)) await cluster.Site(groupId).UpsertAsync(Definition());
        Assert.True(await cluster.Site(disabled).DisableAsync());
        var waker = ActivatorUtilities.CreateInstance<SiteWakeUp>(cluster.SiloServices);
        waker.Concurrency = Cap;

        Task waking;
        IReadOnlyList<string> woken;
        int mostInFlight;
        using (var hold = cluster.Calls.HoldWakes())
        {
            waking = waker.WakeEveryoneAsync("a silo of the test", CancellationToken.None);
            // The cap fills; each one let through is replaced by exactly one more, never by several.
            for (var i = 0; i < Cap; i++) await hold.NextArrivedAsync(SiteCluster.Patience);
            for (var i = 0; i < Cap + 1; i++)
            {
                hold.ReleaseOne();
                await hold.NextArrivedAsync(SiteCluster.Patience);
                Assert.True(hold.MostInFlight <= Cap, $"{hold.MostInFlight} wake-ups in flight at once (cap {Cap})");
            }
            hold.Drain();
            await waking.WaitAsync(SiteCluster.Patience);
            woken = hold.Woken;
            mostInFlight = hold.MostInFlight;
        }

        Assert.Equal(Cap, mostInFlight);
        Assert.All(enabled, groupId => Assert.Single(woken, groupId));
        Assert.DoesNotContain(disabled, woken);
        Assert.Equal(woken.Count, woken.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_waker_is_the_active_silo_in_the_cluster_longest_so_a_silo_joining_never_starts_a_second_round()
    {
        static SiloAddress Silo(int port, int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);
        static ClusterMembershipSnapshot Snapshot(params (SiloAddress Silo, SiloStatus Status)[] members) => new(
            members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())),
            new MembershipVersion(1));
        var oldest = Silo(30003, 100);
        var newer = Silo(30002, 200);
        var newest = Silo(30001, 300);

        Assert.Equal(oldest, SiteWakeUp.WakerOf(Snapshot((newest, SiloStatus.Active), (oldest, SiloStatus.Active), (newer, SiloStatus.Active))));
        // Only an Active silo wakes: not one stopping, joining or gone.
        Assert.Equal(newer, SiteWakeUp.WakerOf(Snapshot((oldest, SiloStatus.ShuttingDown), (newer, SiloStatus.Active), (newest, SiloStatus.Active))));
        Assert.Equal(newest, SiteWakeUp.WakerOf(Snapshot((oldest, SiloStatus.Dead), (newer, SiloStatus.Joining), (newest, SiloStatus.Active))));
        // Same generation: the lowest address, alike on every silo.
        Assert.Equal(Silo(30001, 100), SiteWakeUp.WakerOf(Snapshot((Silo(30002, 100), SiloStatus.Active), (Silo(30001, 100), SiloStatus.Active))));
        Assert.Null(SiteWakeUp.WakerOf(Snapshot((oldest, SiloStatus.Dead))));
    }
}
