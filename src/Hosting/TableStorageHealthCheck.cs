using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OscpFleet.Hosting;

/// <summary>
/// Whether Azure Table Storage answers: one cheap table listing, bounded in time. When it does not, the check reports
/// its registration's failure status: Unhealthy (not ready) for the silo, Degraded (still ready) for the gateway.
/// </summary>
public sealed class TableStorageHealthCheck(TableServiceClient tables) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cts.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }
            return HealthCheckResult.Healthy("table storage reachable");
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            // Only the exception type: messages can carry the account name or endpoint details.
            return new HealthCheckResult(context.Registration.FailureStatus, $"table storage unreachable ({e.GetType().Name})");
        }
    }
}
