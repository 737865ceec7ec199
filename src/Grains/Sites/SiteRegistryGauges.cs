using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Asks every site registry shard once a minute to report its counts (<see cref="RegistryMetrics"/>) on the silo that
/// hosts it. The call also keeps the shards active, so the cluster-wide gauges never vanish with an idle shard. Every
/// silo does this (32 small calls a minute each); a shard reports only where it lives, so nothing is counted twice.
/// </summary>
public sealed partial class SiteRegistryGauges(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<SiteRegistryGauges> logger)
    : BackgroundService
{
    /// <summary>How often the shards are asked.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await Task.WhenAll(SiteIndex.Shards.Select(s => grains.GetGrain<ISiteIndexGrain>(s).ReportCountsAsync()));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(1301, LogLevel.Warning, "Site registry gauges: could not reach every registry shard ({ExceptionType}); trying again in a minute")]
    private partial void LogRefreshFailed(string exceptionType);
}
