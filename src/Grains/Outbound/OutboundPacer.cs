using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Runtime;

namespace OscpFleet.Grains.Outbound;

/// <summary>
/// Storm control: at most N calls on the wire at once to one destination (a CSMS endpoint's webhook, a CP's OSCP
/// endpoint for the sites' outboxes) from the whole cluster. A fleet-wide event — every site's limit changing because
/// the connection was lost, 10,000 reports released when the CP comes back Online — then queues here, off every grain's
/// scheduler, instead of opening thousands of connections to one CSMS or CP. The wait happens inside the site's
/// <see cref="OutboundSlot"/> call, so a waiting site still takes forecasts and meter values. The peer grain's own
/// handshakes and heartbeats are not paced (they must never queue behind reports).
/// </summary>
/// <remarks>
/// The cap is the destination's, not a silo's: each silo takes an equal share of it, <c>cap / active silos</c> rounded
/// down (at least one), from its own membership view, so the cluster's sends stay within the cap without a grain call
/// per send. The share follows the membership: a silo that joins or leaves changes every silo's share as they learn of
/// it (calls already on the wire finish; no new one starts above the new share).
/// </remarks>
public sealed class OutboundPacer : IDisposable
{
    private readonly ConcurrentDictionary<string, Gate> gates = new(StringComparer.Ordinal);
    private readonly Func<int> activeSilos;
    private readonly Meter meter;

    /// <summary>Creates the pacer for a silo: the cap is shared among the Active silos of <paramref name="membership"/>.</summary>
    public OutboundPacer(IMeterFactory meters, IClusterMembershipService membership)
        : this(meters, ActiveSilos(membership ?? throw new ArgumentNullException(nameof(membership))))
    {
    }

    /// <summary>
    /// Creates the pacer and its gauges (meter <c>OscpFleet.Outbound</c>: <c>oscpfleet_outbound_in_flight</c>,
    /// <c>oscpfleet_outbound_waiting</c> and <c>oscpfleet_outbound_share</c> by destination).
    /// </summary>
    /// <param name="meters">Where the gauges go.</param>
    /// <param name="activeSilos">How many silos share each cap now (at least 1 is assumed); tests give it directly.</param>
    internal OutboundPacer(IMeterFactory meters, Func<int> activeSilos)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.activeSilos = activeSilos ?? throw new ArgumentNullException(nameof(activeSilos));
        meter = meters.Create("OscpFleet.Outbound");
        meter.CreateObservableGauge("oscpfleet.outbound.in_flight", () => Observe(g => g.InFlight), description: "Outbound calls on the wire from this silo, by destination (csms:<name> or peer:<id>)");
        meter.CreateObservableGauge("oscpfleet.outbound.waiting", () => Observe(g => g.Waiting), description: "Outbound calls waiting for their destination's cap, by destination");
        meter.CreateObservableGauge("oscpfleet.outbound.share", () => Observe(g => g.Share), description: "This silo's share of the destination's cap (the cap divided among the Active silos), by destination");
    }

    /// <summary>
    /// Waits for a free place for <paramref name="destination"/>, whose cap for the whole cluster is
    /// <paramref name="limit"/>; dispose the result when the call is done.
    /// </summary>
    public Task<IDisposable> EnterAsync(string destination, int limit, CancellationToken cancellationToken = default)
    {
        var gate = gates.GetOrAdd(destination, _ => new Gate());
        return gate.EnterAsync(Share(limit), cancellationToken);
    }

    /// <summary>The most calls that were on the wire at once to <paramref name="destination"/> in this process.</summary>
    public long PeakInFlight(string destination) => gates.TryGetValue(destination, out var gate) ? Volatile.Read(ref gate.Peak) : 0;

    /// <summary>This silo's share of a cluster-wide cap of <paramref name="limit"/>: an equal part, rounded down, at least one.</summary>
    public int Share(int limit) => Math.Max(1, Math.Max(1, limit) / Math.Max(1, activeSilos()));

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();

    private static Func<int> ActiveSilos(IClusterMembershipService membership)
    {
        // Counted once per membership version: the snapshot is read on every send.
        var counted = new ActiveCount(MembershipVersion.MinValue, 1);
        return () =>
        {
            var snapshot = membership.CurrentSnapshot;
            var last = Volatile.Read(ref counted);
            if (last.Version == snapshot.Version) return last.Count;
            var count = snapshot.ActiveSilos();
            Volatile.Write(ref counted, new ActiveCount(snapshot.Version, count));
            return count;
        };
    }

    private sealed record ActiveCount(MembershipVersion Version, int Count);

    private IEnumerable<Measurement<long>> Observe(Func<Gate, long> value) =>
        gates.Select(g => new Measurement<long>(value(g.Value), new KeyValuePair<string, object?>("destination", g.Key)));

    /// <summary>
    /// One destination's places. The share may change between calls (membership), so it is an asynchronous gate with a
    /// limit given on each entry rather than a semaphore of fixed size: a call enters while fewer than the share are on
    /// the wire and nobody waits ahead of it; a call leaving lets waiters in, first come first served, while the share
    /// has room. A waiter exists only while calls are on the wire, so each one is let in by some call's leaving.
    /// </summary>
    private sealed class Gate
    {
        private readonly Lock sync = new();
        private readonly LinkedList<Waiter> waiters = new();
        public long InFlight;
        public long Waiting;
        public long Peak;
        public long Share;

        public Task<IDisposable> EnterAsync(int limit, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<IDisposable>(cancellationToken);
            Waiter waiter;
            lock (sync)
            {
                Share = limit;
                // A larger share (a silo left) lets those already waiting in first.
                AdmitWaiters();
                if (waiters.Count == 0 && InFlight < limit)
                {
                    Take();
                    return Task.FromResult<IDisposable>(new Lease(this));
                }
                waiter = new Waiter(this, cancellationToken);
                waiter.Node = waiters.AddLast(waiter);
                Waiting = waiters.Count;
            }
            // Registered outside the lock: a token cancelled meanwhile runs the callback here, and it takes the lock.
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(static w => ((Waiter)w!).Cancel(), waiter);
                // Let in meanwhile: the registration is not needed any more. Otherwise it goes with the token's source.
                if (waiter.Entered.Task.IsCompleted) registration.Unregister();
            }
            return waiter.Entered.Task;
        }

        public void Leave()
        {
            lock (sync)
            {
                InFlight--;
                AdmitWaiters();
            }
        }

        // Under the lock: first come, first served, while the share has room.
        private void AdmitWaiters()
        {
            while (InFlight < Share && waiters.First is { } first)
            {
                waiters.RemoveFirst();
                Waiting = waiters.Count;
                Take();
                first.Value.Admit();
            }
        }

        private void Take()
        {
            var now = ++InFlight;
            if (now > Peak) Peak = now;
        }

        private sealed class Waiter(Gate gate, CancellationToken cancellationToken)
        {
            public readonly TaskCompletionSource<IDisposable> Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            public LinkedListNode<Waiter>? Node;

            // Under the gate's lock: the waiter has its place. Its cancellation stays registered (the registration is
            // the entering thread's to touch); fired later, it finds the waiter let in and does nothing.
            public void Admit()
            {
                Node = null;
                Entered.TrySetResult(new Lease(gate));
            }

            public void Cancel()
            {
                lock (gate.sync)
                {
                    if (Node is null) return; // let in already: the caller owns a lease
                    gate.waiters.Remove(Node);
                    Node = null;
                    gate.Waiting = gate.waiters.Count;
                }
                Entered.TrySetCanceled(cancellationToken);
            }
        }
    }

    private sealed class Lease(Gate gate) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            gate.Leave();
        }
    }
}

/// <summary>Counting a membership view.</summary>
public static class MembershipCounts
{
    /// <summary>How many silos of <paramref name="snapshot"/> are Active (joining, stopping and dead ones are not).</summary>
    public static int ActiveSilos(this ClusterMembershipSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
    }
}
