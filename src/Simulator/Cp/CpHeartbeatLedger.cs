namespace OscpFleet.Simulator.Cp;

/// <summary>The heartbeats each way: when the last one went out and came in, and when the FP says it goes offline.</summary>
internal sealed class CpHeartbeatLedger([FromKeyedServices(SimulatorClock.Key)] TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastSent, _lastReceived, _fpOfflineModeAt;

    /// <summary>A heartbeat from the FP was accepted.</summary>
    public void Received(DateTimeOffset offlineModeAt)
    {
        lock (_gate)
        {
            _lastReceived = time.GetUtcNow();
            _fpOfflineModeAt = offlineModeAt;
        }
    }

    /// <summary>A heartbeat to the FP, built at <paramref name="at"/>, was delivered.</summary>
    public void Sent(DateTimeOffset at)
    {
        lock (_gate) _lastSent = at;
    }

    /// <summary>The last heartbeat sent and received, the FP's offline instant, and whether it has passed.</summary>
    public (DateTimeOffset? LastSent, DateTimeOffset? LastReceived, DateTimeOffset? FpOfflineModeAt, bool FpOverdue) Read()
    {
        lock (_gate)
            return (_lastSent, _lastReceived, _fpOfflineModeAt, _fpOfflineModeAt is { } at && time.GetUtcNow() > at);
    }
}
