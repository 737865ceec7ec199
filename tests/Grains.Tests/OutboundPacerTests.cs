using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OscpFleet.Grains.Outbound;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// Storm control: never more calls on the wire to one destination than its cap, across the cluster (each silo takes
/// an equal share); the rest wait and all go, first come first served, and the share follows the membership.
/// </summary>
public sealed class OutboundPacerTests
{
    private static OutboundPacer Pacer(Func<int>? silos = null) =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), silos ?? (() => 1));

    [Fact]
    public async Task A_burst_to_one_destination_never_exceeds_its_cap_and_every_call_goes()
    {
        using var pacer = Pacer();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        var calls = Enumerable.Range(0, 50).Select(async _ =>
        {
            using var place = await pacer.EnterAsync("csms:main", 4);
            Interlocked.Increment(ref entered);
            await release.Task;
        }).ToList();

        // Four are on the wire; the other 46 wait for a place.
        Assert.Equal(4, Volatile.Read(ref entered));
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(50, entered);
        Assert.Equal(4, pacer.PeakInFlight("csms:main"));
    }

    [Fact]
    public async Task Destinations_have_their_own_caps()
    {
        using var pacer = Pacer();
        using var csms = await pacer.EnterAsync("csms:main", 1);
        // The CSMS's only place is taken; the CP's outbox still goes.
        var peer = pacer.EnterAsync("peer:vector", 1);
        Assert.True(peer.IsCompletedSuccessfully);
        var second = pacer.EnterAsync("csms:main", 1);
        Assert.False(second.IsCompleted);
        csms.Dispose();
        (await second).Dispose();
        (await peer).Dispose();
        Assert.Equal(1, pacer.PeakInFlight("csms:main"));
    }

    [Theory]
    [InlineData(16, 1, 16)]
    [InlineData(16, 3, 5)]
    [InlineData(16, 4, 4)]
    [InlineData(8, 3, 2)]
    [InlineData(2, 3, 1)]
    [InlineData(1, 1, 1)]
    public void Each_silo_takes_an_equal_share_of_the_cap_rounded_down_and_at_least_one(int cap, int silos, int share)
    {
        using var pacer = Pacer(() => silos);
        Assert.Equal(share, pacer.Share(cap));
    }

    [Fact]
    public async Task Three_silos_keep_the_cluster_within_the_cap()
    {
        // Three silos' pacers, each seeing the same three Active silos: 16 places for the destination in all.
        var pacers = Enumerable.Range(0, 3).Select(_ => Pacer(() => 3)).ToList();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var onWire = 0;
        var most = 0;
        var calls = pacers.SelectMany(p => Enumerable.Range(0, 40).Select(async _ =>
        {
            using var place = await p.EnterAsync("csms:main", 16);
            var now = Interlocked.Increment(ref onWire);
            InterlockedMax(ref most, now);
            await release.Task;
            Interlocked.Decrement(ref onWire);
        })).ToList();

        Assert.Equal(15, Volatile.Read(ref onWire));
        release.SetResult();
        await Task.WhenAll(calls);
        Assert.Equal(15, most);
        Assert.All(pacers, p => Assert.Equal(5, p.PeakInFlight("csms:main")));
        pacers.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task A_silo_that_leaves_gives_its_share_to_the_others_and_one_that_joins_takes_from_them()
    {
        var silos = 3;
        using var pacer = Pacer(() => silos);
        var held = new List<IDisposable>();
        for (var i = 0; i < 5; i++) held.Add(await pacer.EnterAsync("csms:main", 16));
        var waiting = Enumerable.Range(0, 20).Select(_ => pacer.EnterAsync("csms:main", 16)).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        // Two silos left: the share is the whole cap. The next call lets those waiting in first, up to 16 on the wire.
        silos = 1;
        var next = pacer.EnterAsync("csms:main", 16);
        Assert.Equal(11, waiting.Count(w => w.IsCompletedSuccessfully));
        Assert.False(next.IsCompleted);
        held.AddRange(waiting.Where(w => w.IsCompletedSuccessfully).Select(w => w.Result));

        // Three joined: the share is 4. The 16 on the wire finish; nobody new goes until fewer than 4 are.
        silos = 4;
        var late = pacer.EnterAsync("csms:main", 16);
        for (var i = 0; i < 12; i++) held[i].Dispose();
        Assert.Equal(11, waiting.Count(w => w.IsCompletedSuccessfully));
        Assert.False(next.IsCompleted);
        held[12].Dispose();
        // 3 on the wire now: one place, taken by the first in line (a waiter from before, not `next`).
        Assert.Equal(12, waiting.Count(w => w.IsCompletedSuccessfully));
        Assert.False(next.IsCompleted);
        Assert.False(late.IsCompleted);

        foreach (var h in held.Skip(13)) h.Dispose();
        foreach (var w in waiting) (await w).Dispose();
        (await next).Dispose();
        (await late).Dispose();
        Assert.Equal(16, pacer.PeakInFlight("csms:main"));
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_line_without_taking_a_place()
    {
        using var pacer = Pacer();
        var first = await pacer.EnterAsync("peer:vector", 1);
        using var cancel = new CancellationTokenSource();
        var cancelled = pacer.EnterAsync("peer:vector", 1, cancel.Token);
        var after = pacer.EnterAsync("peer:vector", 1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(after.IsCompleted);
        // The place goes to the next in line; the cancelled one never held it.
        first.Dispose();
        var second = await after;
        Assert.Equal(1, pacer.PeakInFlight("peer:vector"));
        second.Dispose();
        // A token cancelled before the call: a cancelled task, no place taken.
        Assert.True(pacer.EnterAsync("peer:vector", 1, cancel.Token).IsCanceled);
        // Cancelling after being let in changes nothing: the lease is the caller's.
        using var late = new CancellationTokenSource();
        var third = await pacer.EnterAsync("peer:vector", 1, late.Token);
        await late.CancelAsync();
        Assert.False(pacer.EnterAsync("peer:vector", 1).IsCompleted);
        third.Dispose();
    }

    [Fact]
    public void A_silos_share_counts_the_active_silos_of_its_membership_view_and_follows_it()
    {
        var membership = new Membership();
        using var pacer = new OutboundPacer(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), membership);
        membership.Set(1, SiloStatus.Active, SiloStatus.Active, SiloStatus.Active, SiloStatus.Dead, SiloStatus.Joining);
        Assert.Equal(5, pacer.Share(16));
        // A silo stopping is not counted: the two left share the cap.
        membership.Set(2, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Active);
        Assert.Equal(8, pacer.Share(16));
        membership.Set(3);
        Assert.Equal(16, pacer.Share(16));
    }

    private sealed class Membership : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; } =
            new(ImmutableDictionary<SiloAddress, ClusterMember>.Empty, MembershipVersion.MinValue);

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public void Set(long version, params SiloStatus[] statuses) =>
            CurrentSnapshot = new(
                statuses.Select((status, i) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), 1))
                    .Zip(statuses)
                    .ToImmutableDictionary(m => m.First, m => new ClusterMember(m.First, m.Second, $"silo{m.First.Endpoint.Port}")),
                new MembershipVersion(version));

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
