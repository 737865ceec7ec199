using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// At silo start, wakes every configured peer so it handshakes and arms its keep-alive reminder. Every silo does this;
/// it is idempotent. Runs in the background: start-up never waits on a CP.
/// </summary>
public sealed partial class PeerStartup(IGrainFactory grains, IOptionsMonitor<OscpOptions> options, IHostApplicationLifetime lifetime, ILogger<PeerStartup> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need a running silo: wait until the host (and with it the silo) has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        foreach (var peerId in options.CurrentValue.Peers.Keys)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (options.CurrentValue.Peers[peerId].UsesRegister())
                        await grains.GetGrain<IPeerRegistrationGrain>(peerId).EnsureRunningAsync();
                    await grains.GetGrain<IPeerGrain>(peerId).EnsureRunningAsync();
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogStartFailed(peerId, e.GetType().Name);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
    }

    [LoggerMessage(1101, LogLevel.Warning, "Peer {PeerId}: could not start its connection yet ({ExceptionType}); retrying")]
    private partial void LogStartFailed(string peerId, string exceptionType);
}
