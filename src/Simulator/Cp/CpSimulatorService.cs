using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// Starts and stops the simulator's own activity: heartbeats and forecasts when the connection comes online,
/// the forecast schedule, and the handshake on start-up once the server listens.
/// </summary>
internal sealed class CpSimulatorService(
    CpSimulator simulator,
    CpConnection connection,
    CpHeartbeats heartbeats,
    CpForecasts forecasts,
    CpHandshakes handshakes,
    CpRegistration registration,
    IHostApplicationLifetime lifetime,
    ILogger<CpSimulatorService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        connection.Connected += OnConnected;
        forecasts.StartSchedule();
        // Hosted services start before the server listens; the handshake waits for it (its acknowledge comes back to us).
        lifetime.ApplicationStarted.Register(OnStarted);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        connection.Connected -= OnConnected;
        heartbeats.Dispose();
        forecasts.Dispose();
        return Task.CompletedTask;
    }

    private void OnConnected(TimeSpan? heartbeatInterval)
    {
        if (heartbeatInterval is { } interval) CpSimulatorLog.Online(logger, interval.TotalSeconds);
        else CpSimulatorLog.OnlineWithoutHeartbeats(logger);
        heartbeats.Restart(heartbeatInterval);
        forecasts.SendScheduled();
    }

    private void OnStarted()
    {
        CpSimulatorLog.Listening(logger, simulator.BaseAddress.ToString(), simulator.Options.FpBaseUrl!);
        // With Register, the handshake waits for the registration (CpRegistration starts it).
        if (registration.Enabled)
        {
            if (simulator.Options.Register.Initiate) _ = RegisterInBackgroundAsync();
        }
        else if (simulator.Options.HandshakeOnStart)
        {
            _ = HandshakeInBackgroundAsync();
        }
    }

    private async Task RegisterInBackgroundAsync()
    {
        try
        {
            await registration.InitiateAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the FP answered.
        }
        catch (Exception e)
        {
            CpSimulatorLog.SendCrashed(logger, OscpMessageKind.Register, e);
        }
    }

    private async Task HandshakeInBackgroundAsync()
    {
        try
        {
            await handshakes.StartAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the FP answered.
        }
        catch (Exception e)
        {
            CpSimulatorLog.SendCrashed(logger, OscpMessageKind.Handshake, e);
        }
    }
}
