using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OscpFleet.Grains.Outbound;

/// <summary>
/// Storm control: at most N calls on the wire at once to one destination (a CSMS endpoint's webhook, a CP's OSCP
/// endpoint for the sites' outboxes), per silo. A fleet-wide event — every site's limit changing because the connection
/// was lost, 10,000 reports released when the CP comes back Online — then queues here, off every grain's scheduler,
/// instead of opening thousands of connections to one CSMS or CP. The wait happens inside the site's
/// <see cref="OutboundSlot"/> call, so a waiting site still takes forecasts and meter values. The peer grain's own
/// handshakes and heartbeats are not paced (they must never queue behind reports).
/// </summary>
public sealed class OutboundPacer : IDisposable
{
    /// <summary>Default cap for a CSMS endpoint's webhooks (<c>Csms:Endpoints:&lt;name&gt;:MaxInFlight</c>).</summary>
    public const int DefaultCsmsMaxInFlight = 16;

    /// <summary>Default cap for the outbox sends to one CP (<c>Oscp:Peers:&lt;id&gt;:MaxInFlight</c>).</summary>
    public const int DefaultPeerMaxInFlight = 8;

    private readonly ConcurrentDictionary<string, Gate> gates = new(StringComparer.Ordinal);
    private readonly Meter meter;

    /// <summary>Creates the pacer and its gauges (meter <c>OscpFleet.Outbound</c>: <c>oscpfleet_outbound_in_flight</c>, <c>oscpfleet_outbound_waiting</c> by destination).</summary>
    public OutboundPacer(IMeterFactory meters)
    {
        meter = meters.Create("OscpFleet.Outbound");
        meter.CreateObservableGauge("oscpfleet.outbound.in_flight", () => Observe(g => g.InFlight), description: "Outbound calls on the wire, by destination (csms:<name> or peer:<id>)");
        meter.CreateObservableGauge("oscpfleet.outbound.waiting", () => Observe(g => g.Waiting), description: "Outbound calls waiting for their destination's cap, by destination");
    }

    /// <summary>Waits for a free place among <paramref name="limit"/> for <paramref name="destination"/>; dispose the result when the call is done.</summary>
    public async Task<IDisposable> EnterAsync(string destination, int limit, CancellationToken cancellationToken = default)
    {
        var gate = gates.GetOrAdd(destination, _ => new Gate(Math.Max(1, limit)));
        Interlocked.Increment(ref gate.Waiting);
        try
        {
            await gate.Places.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref gate.Waiting);
        }
        var now = Interlocked.Increment(ref gate.InFlight);
        long peak;
        while (now > (peak = Volatile.Read(ref gate.Peak)) && Interlocked.CompareExchange(ref gate.Peak, now, peak) != peak)
        {
        }
        return new Lease(gate);
    }

    /// <summary>The most calls that were on the wire at once to <paramref name="destination"/> in this process.</summary>
    public long PeakInFlight(string destination) => gates.TryGetValue(destination, out var gate) ? Volatile.Read(ref gate.Peak) : 0;

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> Observe(Func<Gate, long> value) =>
        gates.Select(g => new Measurement<long>(value(g.Value), new KeyValuePair<string, object?>("destination", g.Key)));

    private sealed class Gate(int limit)
    {
        public readonly SemaphoreSlim Places = new(limit, limit);
        public long InFlight;
        public long Waiting;
        public long Peak;
    }

    private sealed class Lease(Gate gate) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            Interlocked.Decrement(ref gate.InFlight);
            gate.Places.Release();
        }
    }
}
