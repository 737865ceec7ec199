using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Silo;

/// <summary>
/// The silo's own series (meter <c>OscpFleet.Silo</c>): how many silos this silo sees Active in the cluster's
/// membership (<c>oscpfleet_cluster_silos</c>, compared with the desired replicas by the "silos below desired"
/// alert). At start it also sets the failure counters of every configured peer and CSMS endpoint to zero, so that a
/// first failure shows as an increase to alerts instead of a series that appears out of nowhere.
/// </summary>
public sealed class SiloMetrics(
    IMeterFactory meters,
    IServiceProvider services,
    SiteMetrics sites,
    IOptions<OscpOptions> oscp,
    IOptions<CsmsOptions> csms) : IHostedService, IDisposable
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "OscpFleet.Silo";

    private Meter? meter;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        meter = meters.Create(MeterName);
        meter.CreateObservableGauge("oscpfleet.cluster.silos", ObserveSilos,
            description: "Silos this silo sees Active in the cluster membership");
        sites.InitializeSeries(oscp.Value.Peers.Keys, csms.Value.Endpoints.Keys);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<int>> ObserveSilos()
    {
        // Resolved when read: the membership service exists only once the silo runs.
        if (services.GetService<IClusterMembershipService>() is not { } membership) return [];
        return [new Measurement<int>(OscpFleet.Grains.Outbound.MembershipCounts.ActiveSilos(membership.CurrentSnapshot))];
    }

    /// <inheritdoc />
    public void Dispose() => meter?.Dispose();
}
