using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// Connection metrics (meter <c>OscpFleet.Peers</c>): the state of every peer active on this silo as a gauge, and
/// handshakes and heartbeats by direction and outcome, and the age of the last heartbeat each way.
/// </summary>
public sealed class PeerMetrics : IDisposable
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "OscpFleet.Peers";

    private readonly Meter meter;
    private readonly Counter<long> handshakes;
    private readonly Counter<long> heartbeats;
    private readonly ConcurrentDictionary<string, ConnectionState> states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> limitsLost = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Peer, string Direction), DateTimeOffset> lastHeartbeats = new();
    private readonly TimeProvider clock;

    /// <summary>Creates the instruments on the host's meter factory.</summary>
    public PeerMetrics(IMeterFactory meters, [FromKeyedServices(FleetClock.Key)] TimeProvider clock)
    {
        this.clock = clock;
        meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "oscpfleet.peer.last_heartbeat_age",
            ObserveHeartbeatAges,
            unit: "s",
            description: "Seconds since the last heartbeat per peer and direction (in: received from the CP, out: accepted by the CP), for peers active on this silo that ever exchanged one");
        handshakes = meter.CreateCounter<long>("oscpfleet.peer.handshakes", description: "Handshakes and acknowledges by direction (in|out) and outcome");
        heartbeats = meter.CreateCounter<long>("oscpfleet.peer.heartbeats", description: "Heartbeats by direction (in|out) and outcome");
        meter.CreateObservableGauge("oscpfleet.peer.state", ObserveStates, description: "Connection state per peer: 0 Offline, 1 Handshaking, 2 Online");
        meter.CreateObservableGauge(
            "oscpfleet.peer.limits_lost",
            () => limitsLost.Select(s => new Measurement<int>(s.Value ? 1 : 0, new KeyValuePair<string, object?>("peer", s.Key))),
            description: "1 while the connection counts as lost for limits (every site of the peer held at or below its fallback), else 0");
    }

    /// <summary>Records the current state of a peer hosted here.</summary>
    public void SetState(string peerId, ConnectionState state) => states[peerId] = state;

    /// <summary>The peer's grain left this silo; another silo reports it now.</summary>
    public void Forget(string peerId)
    {
        states.TryRemove(peerId, out _);
        limitsLost.TryRemove(peerId, out _);
        lastHeartbeats.TryRemove((peerId, "in"), out _);
        lastHeartbeats.TryRemove((peerId, "out"), out _);
    }

    /// <summary>Seeds the last heartbeats of a peer that became active here from its stored state.</summary>
    public void SetLastHeartbeats(string peerId, DateTimeOffset? received, DateTimeOffset? sent)
    {
        if (received is { } r) lastHeartbeats[(peerId, "in")] = r;
        if (sent is { } s) lastHeartbeats[(peerId, "out")] = s;
    }

    /// <summary>Records whether a peer hosted here counts as lost for limits.</summary>
    public void SetLimitsLost(string peerId, bool lost) => limitsLost[peerId] = lost;

    /// <summary>Counts a handshake or acknowledge.</summary>
    public void Handshake(string peerId, string direction, string outcome) =>
        handshakes.Add(1, new("peer", peerId), new("direction", direction), new("outcome", outcome));

    /// <summary>Counts a heartbeat.</summary>
    public void Heartbeat(string peerId, string direction, string outcome)
    {
        heartbeats.Add(1, new("peer", peerId), new("direction", direction), new("outcome", outcome));
        if (outcome is "accepted" or "Delivered") lastHeartbeats[(peerId, direction)] = clock.GetUtcNow();
    }

    private IEnumerable<Measurement<double>> ObserveHeartbeatAges()
    {
        var now = clock.GetUtcNow();
        return lastHeartbeats.Select(h => new Measurement<double>(
            Math.Max(0, (now - h.Value).TotalSeconds), new("peer", h.Key.Peer), new("direction", h.Key.Direction)));
    }

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveStates() =>
        states.Select(s => new Measurement<int>((int)s.Value, new KeyValuePair<string, object?>("peer", s.Key)));
}
