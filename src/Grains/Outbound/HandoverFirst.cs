using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Grains.Outbound;

/// <summary>
/// The activations a stopping silo hands over first: the peers' connections (and whatever else registers). When a silo
/// stops, Orleans deactivates every activation at most 1,024 at a time; with thousands of sites, each writing its marks
/// on the way out, a peer grain could wait its turn for tens of seconds, and the CP's heartbeats meanwhile went
/// unanswered until its <c>offline_mode_at</c> passed. This participant deactivates the registered activations at the
/// very start of that stage, after membership says the silo is shutting down (so the next call places them on another
/// silo), concurrently with and independent of the others.
/// </summary>
public sealed partial class HandoverFirst(ILogger<HandoverFirst> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The stage of Orleans' own grain deactivation on stop (after membership's ShuttingDown at BecomeActive).</summary>
    public const int Stage = ServiceLifecycleStage.BecomeActive - 1;

    private readonly ConcurrentDictionary<GrainId, IGrainContext> local = new();

    /// <summary>The registered activations on this silo.</summary>
    public int Count => local.Count;

    /// <summary>Registers an activation (from its <c>OnActivateAsync</c>).</summary>
    public void Register(IGrainContext activation) => local[activation.GrainId] = activation;

    /// <summary>Forgets an activation (from its <c>OnDeactivateAsync</c>).</summary>
    public void Unregister(IGrainContext activation) => local.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HandoverFirst), Stage, _ => Task.CompletedTask, HandOverAsync);

    /// <summary>Deactivates every registered activation and waits (bounded by <paramref name="cancellationToken"/>) until each is gone.</summary>
    public async Task HandOverAsync(CancellationToken cancellationToken)
    {
        var leaving = local.Values.ToList();
        if (leaving.Count == 0) return;
        LogHandingOver(leaving.Count);
        var reason = new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "handed over first: this silo is stopping");
        foreach (var activation in leaving) activation.Deactivate(reason, cancellationToken);
        try
        {
            await Task.WhenAll(leaving.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: Orleans' own stop deals with what is left.
        }
    }

    [LoggerMessage(1330, LogLevel.Information, "Silo stopping: handing over {Count} activation(s) first (the peers' connections)")]
    private partial void LogHandingOver(int count);
}
