using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// The simulator's heartbeats to the FP: one as soon as the connection is online, then one per interval
/// (on the simulator's clock) while online and not silent; none at all when there is no interval to send at
/// (a plain OSCP CP the FP asked none of).
/// </summary>
internal sealed class CpHeartbeats(
    CpOutbound outbound,
    CpConnection connection,
    CpHeartbeatLedger ledger,
    CpScript script,
    CpSimulatorOptions options,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    ILogger<CpHeartbeats> logger)
    : IDisposable
{
    /// <summary><c>offline_mode_at</c> = now + this many intervals (plain OSCP: 2–3; Vector: at least 2; docs/protocol.md,
    /// "Heartbeats and offline_mode_at").</summary>
    public const int OfflineFactor = 3;

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;

    /// <summary>
    /// (Re)starts the schedule at <paramref name="interval"/> and sends the first heartbeat now; null stops the
    /// schedule (a new handshake may have taken back an earlier wish for heartbeats).
    /// </summary>
    public void Restart(TimeSpan? interval)
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (interval is not { } period) return;
            // Created before the first heartbeat goes out, so a test that saw that heartbeat can advance the clock.
            _timer = time.CreateTimer(static state => ((CpHeartbeats)state!).Tick(), this, period, period);
        }

        Tick();
    }

    /// <summary>Sends one heartbeat now, whatever the schedule (without one, <c>offline_mode_at</c> follows the simulator's own interval).</summary>
    public async Task<SentMessage> SendAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var interval = connection.HeartbeatInterval ?? TimeSpan.FromSeconds(options.HeartbeatIntervalSeconds);
        var heartbeat = new Heartbeat(now + OfflineFactor * interval);
        var sent = await outbound.SendAsync(
            heartbeat,
            settle: s =>
            {
                if (!s.Delivered) return;
                ledger.Sent(now);
                CpSimulatorLog.HeartbeatSent(logger, heartbeat.OfflineModeAt);
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return sent;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _timer?.Dispose();
        // Cancelled, not disposed: a send that is just starting may still read its token.
        _stopping.Cancel();
    }

    private void Tick()
    {
        if (!connection.IsOnline || script.Silent || _stopping.IsCancellationRequested) return;
        _ = SendInBackgroundAsync();
    }

    private async Task SendInBackgroundAsync()
    {
        try
        {
            await SendAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (InvalidOperationException)
        {
            // Went silent between the check and the send: exactly what silence asks for.
        }
        catch (Exception e)
        {
            CpSimulatorLog.SendCrashed(logger, OscpMessageKind.Heartbeat, e);
        }
    }
}
