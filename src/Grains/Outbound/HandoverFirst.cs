using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Grains.Outbound;

/// <summary>
/// The activations a stopping silo hands over first: the peers' connections (and whatever else registers). When a silo
/// stops, Orleans deactivates every activation, 1,024 at a time, each site writing its marks on the way out; a peer
/// grain waiting its turn among them let the CP's heartbeats go unanswered towards its <c>offline_mode_at</c>. This
/// participant, in the same stage as Orleans' own grain deactivation (after membership has marked the silo
/// ShuttingDown, so placement no longer picks it), deactivates the registered activations at once, independently of
/// the others, and has each one activated again on another silo without waiting for the CP's next message.
/// </summary>
/// <remarks>
/// Not a stage earlier, although the peer would then leave before the sites' writes fill the storage's queue: from
/// ShuttingDown on, the other silos' directories no longer know the activations whose entries this silo held, so a call
/// to one of its sites creates a second activation elsewhere while the first is still active here. Holding the sites'
/// deactivation back for the hand-over widened that window, and the 300-site failover test saw a site's report sent by
/// both (docs/decisions.md, "A silo's graceful stop at 10,000 sites", item 6).
/// </remarks>
public sealed partial class HandoverFirst(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    ILogger<HandoverFirst> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// The stage it stops in: Orleans' grain deactivation (the one after membership's, where the silo is marked
    /// ShuttingDown).
    /// </summary>
    public const int Stage = ServiceLifecycleStage.BecomeActive - 1;

    /// <summary>
    /// How long the hand-over may take (with the check that membership no longer lists the silo Active): bounded, so a
    /// storage outage or a cluster with no other silo never holds the stop up (Orleans' own stop deals with what is left).
    /// </summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<GrainId, Registration> local = new();

    /// <summary>Raised when an activation registers (after <see cref="Register"/> recorded it).</summary>
    public event Action<IGrainContext>? Registered;

    /// <summary>The registered activations on this silo.</summary>
    public int Count => local.Count;

    /// <summary>The registered activation of <paramref name="grainId"/> on this silo, if any.</summary>
    public IGrainContext? Find(GrainId grainId) => local.TryGetValue(grainId, out var registration) ? registration.Activation : null;

    /// <summary>
    /// Registers an activation (from its <c>OnActivateAsync</c>), with the call that activates it again once it is gone
    /// (a cheap call to the grain: placement then puts it on another silo).
    /// </summary>
    public void Register(IGrainContext activation, Func<Task> comeBack)
    {
        ArgumentNullException.ThrowIfNull(activation);
        local[activation.GrainId] = new Registration(activation, comeBack);
        Registered?.Invoke(activation);
    }

    /// <summary>Forgets an activation (from its <c>OnDeactivateAsync</c>).</summary>
    public void Unregister(IGrainContext activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (local.TryGetValue(activation.GrainId, out var registration) && ReferenceEquals(registration.Activation, activation))
            local.TryRemove(KeyValuePair.Create(activation.GrainId, registration));
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HandoverFirst), Stage, _ => Task.CompletedTask, StopAsync);

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        // An ungraceful stop (out of time already) leaves it all to Orleans.
        if (local.IsEmpty || cancellationToken.IsCancellationRequested) return;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        var started = Stopwatch.GetTimestamp();
        if (!await WaitUntilLeavingAsync(limit.Token))
        {
            LogNotLeaving(Limit.TotalSeconds);
            return;
        }

        // The last silo of the cluster has nowhere to hand over to: Orleans' own stop deactivates everything.
        if (!membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(localSilo.SiloAddress))) return;
        LogLeaving(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        await HandOverAsync(limit.Token);
    }

    /// <summary>
    /// Waits until membership no longer lists this silo Active (it marked it ShuttingDown in the stage before); false when
    /// <paramref name="cancellationToken"/> ends the wait first.
    /// </summary>
    public async Task<bool> WaitUntilLeavingAsync(CancellationToken cancellationToken)
    {
        if (Leaving(membership.CurrentSnapshot)) return true;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                if (Leaving(snapshot)) return true;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of time.
        }

        return false;
    }

    /// <summary>
    /// Deactivates every registered activation, waits until each is gone, then has each activated again (elsewhere, once
    /// this silo is leaving); bounded by <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task HandOverAsync(CancellationToken cancellationToken)
    {
        var leaving = local.Values.ToList();
        if (leaving.Count == 0) return;
        var started = Stopwatch.GetTimestamp();
        LogHandingOver(leaving.Count);
        var reason = new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "handed over first: this silo is stopping");
        foreach (var registration in leaving) registration.Activation.Deactivate(reason, cancellationToken);
        try
        {
            await Task.WhenAll(leaving.Select(r => r.Activation.Deactivated)).WaitAsync(cancellationToken);
            var gone = Stopwatch.GetElapsedTime(started);
            await Task.WhenAll(leaving.Select(r => r.ComeBack())).WaitAsync(cancellationToken);
            LogHandedOver(leaving.Count, gone.TotalMilliseconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogHandOverUnfinished(Stopwatch.GetElapsedTime(started).TotalMilliseconds, "out of time");
        }
        catch (Exception e)
        {
            // No other silo to go to, or it could not activate there: its keep-alive reminder brings it back.
            LogHandOverUnfinished(Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.GetType().Name);
        }
    }

    private bool Leaving(ClusterMembershipSnapshot snapshot) => snapshot.GetSiloStatus(localSilo.SiloAddress) != SiloStatus.Active;

    private sealed record Registration(IGrainContext Activation, Func<Task> ComeBack);

    [LoggerMessage(1334, LogLevel.Information, "Silo stopping: membership marked it ShuttingDown after {WaitMs:0} ms")]
    private partial void LogLeaving(double waitMs);

    [LoggerMessage(1330, LogLevel.Information, "Silo stopping: handing over {Count} activation(s) first (the peers' connections)")]
    private partial void LogHandingOver(int count);

    [LoggerMessage(1331, LogLevel.Information, "Handed over {Count} activation(s): gone from this silo after {GoneMs:0} ms, active again elsewhere after {BackMs:0} ms")]
    private partial void LogHandedOver(int count, double goneMs, double backMs);

    [LoggerMessage(1332, LogLevel.Warning, "Hand-over unfinished after {ElapsedMs:0} ms ({Why}); the activations' reminders bring them back")]
    private partial void LogHandOverUnfinished(double elapsedMs, string why);

    [LoggerMessage(1333, LogLevel.Warning, "Silo stopping, but membership did not mark it ShuttingDown within {Seconds} s: nothing handed over first")]
    private partial void LogNotLeaving(double seconds);
}
