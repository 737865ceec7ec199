using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// The connection state machine as Vector would keep it: either side starts a handshake, the receiver
/// answers 204 then acknowledges; the connection is online once the acknowledge is through. Remembers
/// what the FP asked (its heartbeat interval), which decides the simulator's heartbeats.
/// </summary>
internal sealed class CpConnection(CpSimulatorOptions options, [FromKeyedServices(SimulatorClock.Key)] TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _outstandingHandshakeIds = new(StringComparer.Ordinal);
    private CpConnectionState _state = CpConnectionState.Offline;
    private int? _fpAskedInterval;
    private string? _fpHandshakeId;
    private DateTimeOffset? _connectedAt;
    private string? _lastError;
    private TaskCompletionSource _online = NewSignal();

    /// <summary>
    /// Raised (outside the lock) each time the connection comes online, with the heartbeat interval to send at; null
    /// when the simulator sends none (see <see cref="HeartbeatInterval"/>).
    /// </summary>
    public event Action<TimeSpan?>? Connected;

    /// <summary>True when a handshake has completed.</summary>
    public bool IsOnline
    {
        get
        {
            lock (_gate) return _state == CpConnectionState.Online;
        }
    }

    /// <summary>
    /// Completes once the connection is online and announced (<see cref="Connected"/> has run, so heartbeats and
    /// forecasts have started); a new wait starts each time it leaves Online.
    /// </summary>
    public Task WhenOnline
    {
        get
        {
            lock (_gate) return _online.Task;
        }
    }

    /// <summary>
    /// The interval the simulator heartbeats at: what the FP asked; when it asked none, Vector's own interval (Vector
    /// requires both sides to send), but null — no heartbeats — for a plain OSCP CP, which sends them only when asked
    /// (docs/protocol.md, "Heartbeats and offline_mode_at").
    /// </summary>
    public TimeSpan? HeartbeatInterval
    {
        get
        {
            lock (_gate) return HeartbeatIntervalUnlocked();
        }
    }

    /// <summary>The FP started handshake <paramref name="requestId"/> (already validated and answered 204).</summary>
    public void HandshakeReceived(string requestId, RequiredBehaviour asked)
    {
        lock (_gate)
        {
            SetState(CpConnectionState.Handshaking);
            _fpHandshakeId = requestId;
            _fpAskedInterval = asked.HeartbeatInterval;
            _outstandingHandshakeIds.Clear();
        }
    }

    /// <summary>The simulator's acknowledge of the FP's handshake <paramref name="handshakeRequestId"/> went out (or failed).</summary>
    public void AcknowledgeSent(string handshakeRequestId, bool delivered, string? error)
    {
        lock (_gate)
        {
            // Only the acknowledge of the FP's latest handshake counts: a slow one of an earlier handshake, refused
            // because the FP has moved on, must not take down the handshake that replaced it.
            if (_state != CpConnectionState.Handshaking || handshakeRequestId != _fpHandshakeId) return;
            if (!delivered)
            {
                SetState(CpConnectionState.Offline);
                _lastError = error;
                return;
            }

            GoOnlineUnlocked();
        }

        AnnounceOnline();
    }

    /// <summary>The simulator starts its own handshake: earlier attempts no longer count.</summary>
    public void HandshakeStarting()
    {
        lock (_gate)
        {
            SetState(CpConnectionState.AwaitingAcknowledge);
            _outstandingHandshakeIds.Clear();
        }
    }

    /// <summary>An HTTP attempt of the simulator's handshake is leaving with this request id.</summary>
    public void HandshakeAttempt(string requestId)
    {
        lock (_gate) _outstandingHandshakeIds.Add(requestId);
    }

    /// <summary>The FP did not accept the simulator's handshake.</summary>
    public void HandshakeFailed(string? error)
    {
        lock (_gate)
        {
            if (_state != CpConnectionState.AwaitingAcknowledge) return;
            SetState(CpConnectionState.Offline);
            _outstandingHandshakeIds.Clear();
            _lastError = error;
        }
    }

    /// <summary>
    /// An acknowledge from the FP: accepted, and the connection online, only when it correlates to an attempt of
    /// the simulator's outstanding handshake. <see cref="Connected"/> is left to <see cref="AnnounceOnline"/>, so
    /// nothing is sent before the acknowledge's own answer has gone out.
    /// </summary>
    public bool TryAcknowledge(string? correlationId, RequiredBehaviour? asked)
    {
        lock (_gate)
        {
            if (_state != CpConnectionState.AwaitingAcknowledge || correlationId is null || !_outstandingHandshakeIds.Contains(correlationId))
                return false;
            _fpAskedInterval = asked?.HeartbeatInterval;
            _outstandingHandshakeIds.Clear();
            GoOnlineUnlocked();
        }

        return true;
    }

    /// <summary>The connection is down (the registration was deleted): Offline until a new handshake completes.</summary>
    public void Disconnect(string reason)
    {
        lock (_gate)
        {
            SetState(CpConnectionState.Offline);
            _outstandingHandshakeIds.Clear();
            _lastError = reason;
        }
    }

    /// <summary>Raises <see cref="Connected"/> if the connection is online.</summary>
    public void AnnounceOnline()
    {
        TimeSpan? interval;
        TaskCompletionSource online;
        lock (_gate)
        {
            if (_state != CpConnectionState.Online) return;
            interval = HeartbeatIntervalUnlocked();
            online = _online;
        }

        Connected?.Invoke(interval);
        online.TrySetResult();
    }

    /// <summary>The connection part of <see cref="CpSimulatorState"/>, with the heartbeats each way from <paramref name="heartbeats"/>.</summary>
    public CpConnectionSnapshot Snapshot(CpHeartbeatLedger heartbeats)
    {
        var beats = heartbeats.Read();
        lock (_gate)
        {
            return new CpConnectionSnapshot(
                _state, _connectedAt, [.. _outstandingHandshakeIds], _fpAskedInterval, (int?)HeartbeatIntervalUnlocked()?.TotalSeconds,
                beats.LastSent, beats.LastReceived, beats.FpOfflineModeAt, beats.FpOverdue, _lastError);
        }
    }

    private TimeSpan? HeartbeatIntervalUnlocked()
    {
        TimeSpan? asked = _fpAskedInterval is > 0 ? TimeSpan.FromSeconds(_fpAskedInterval.Value)
            : options.Profile == PeerProfile.Vector ? TimeSpan.FromSeconds(options.HeartbeatIntervalSeconds)
            : null;
        // A CP that never heartbeats, or one that heartbeats at its own pace rather than the one asked.
        if (asked is null || !options.SendsHeartbeats) return null;
        return options.HeartbeatEverySeconds is > 0 ? TimeSpan.FromSeconds(options.HeartbeatEverySeconds.Value) : asked;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SetState(CpConnectionState state)
    {
        if (state != CpConnectionState.Online && _online.Task.IsCompleted) _online = NewSignal();
        _state = state;
    }

    private void GoOnlineUnlocked()
    {
        SetState(CpConnectionState.Online);
        _connectedAt = time.GetUtcNow();
        _lastError = null;
    }
}
