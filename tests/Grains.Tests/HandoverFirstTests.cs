using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Outbound;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Tests.Infrastructure;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// The connection's grain is never left inactive: whatever deactivates it, a new activation follows at once, without
/// waiting for the CP's next message; a stopping silo hands it over at once (<see cref="HandoverFirst"/>) and has it
/// active again elsewhere.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class HandoverFirstTests(SiteCluster cluster)
{
    [Fact]
    public async Task A_deactivated_peer_grain_is_activated_again_at_once_without_any_call()
    {
        var handover = cluster.SiloServices.GetRequiredService<HandoverFirst>();
        var peer = cluster.Client.GetGrain<IPeerGrain>(SiteCluster.PeerId);
        await cluster.WaitForIdlePeerAsync();
        var old = handover.Find(peer.GetGrainId()) ?? throw new InvalidOperationException("the active peer grain did not register");

        using var next = new NextActivation(handover, old);
        // As the grain directory does when the silo that held the peer's entry leaves the cluster.
        old.Deactivate(new DeactivationReason(DeactivationReasonCode.DirectoryFailure, "the test: as the directory does"));

        var again = await next.Task.WaitAsync(SiteCluster.Patience);
        Assert.NotEqual(old.ActivationId, again.ActivationId);
        Assert.True(old.Deactivated.IsCompleted);
    }

    [Fact]
    public async Task Handing_over_deactivates_the_peer_grain_and_returns_once_a_new_activation_answers()
    {
        var handover = cluster.SiloServices.GetRequiredService<HandoverFirst>();
        var peer = cluster.Client.GetGrain<IPeerGrain>(SiteCluster.PeerId);
        await peer.GetStatusAsync();
        var old = handover.Find(peer.GetGrainId()) ?? throw new InvalidOperationException("the active peer grain did not register");

        // One silo, not stopping: the new activation is placed here again.
        await handover.HandOverAsync(CancellationToken.None).WaitAsync(SiteCluster.Patience);

        Assert.True(old.Deactivated.IsCompleted);
        var now = handover.Find(peer.GetGrainId());
        Assert.NotNull(now);
        Assert.NotEqual(old.ActivationId, now.ActivationId);
    }

    [Fact]
    public async Task A_silo_that_is_not_leaving_the_cluster_is_not_handed_over()
    {
        var handover = cluster.SiloServices.GetRequiredService<HandoverFirst>();
        using var ended = new CancellationTokenSource();
        await ended.CancelAsync();

        Assert.False(await handover.WaitUntilLeavingAsync(ended.Token));
    }
}

/// <summary>
/// On a real stop of the silo holding the connection: the grain is active on the other silo by the end of the stop,
/// with no call from outside (before, it waited for the CP's next message).
/// </summary>
public sealed class HandoverAcrossSilosTests
{
    [Fact]
    public async Task A_stopping_silo_has_the_peer_grain_active_on_another_silo_without_waiting_for_a_call()
    {
        var cluster = new SiteCluster(2);
        await cluster.InitializeAsync();
        try
        {
            var peer = cluster.Client.GetGrain<IPeerGrain>(SiteCluster.PeerId);
            await peer.GetStatusAsync();
            var handovers = new[] { 0, 1 }.Select(i => cluster.SiloServicesOf(i).GetRequiredService<HandoverFirst>()).ToArray();
            var holder = handovers[0].Find(peer.GetGrainId()) is not null ? 0 : 1;
            var other = handovers[1 - holder];
            var old = handovers[holder].Find(peer.GetGrainId()) ?? throw new InvalidOperationException("the active peer grain did not register");
            using var next = new NextActivation(other, old);

            await cluster.StopSiloAsync(holder).WaitAsync(SiteCluster.Patience);

            var again = await next.Task.WaitAsync(SiteCluster.Patience);
            Assert.NotEqual(old.ActivationId, again.ActivationId);
            Assert.Same(again, other.Find(old.GrainId));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}

/// <summary>Completes with the next activation of the same grain that registers with <see cref="HandoverFirst"/> after <c>old</c>.</summary>
internal sealed class NextActivation : IDisposable
{
    private readonly HandoverFirst handover;
    private readonly IGrainContext old;
    private readonly TaskCompletionSource<IGrainContext> next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NextActivation(HandoverFirst handover, IGrainContext old)
    {
        this.handover = handover;
        this.old = old;
        handover.Registered += OnRegistered;
    }

    public Task<IGrainContext> Task => next.Task;

    public void Dispose() => handover.Registered -= OnRegistered;

    private void OnRegistered(IGrainContext activation)
    {
        if (activation.GrainId == old.GrainId && !ReferenceEquals(activation, old)) next.TrySetResult(activation);
    }
}
