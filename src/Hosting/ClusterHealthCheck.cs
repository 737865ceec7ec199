using Microsoft.Extensions.Diagnostics.HealthChecks;
using OscpFleet.Grains;

namespace OscpFleet.Hosting;

/// <summary>Ready only when a silo of the cluster answers a grain call, bounded in time.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silo = await grains.GetGrain<IClusterProbeGrain>(0).PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"answered by silo {silo}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"cluster unreachable ({e.GetType().Name})");
        }
    }
}
