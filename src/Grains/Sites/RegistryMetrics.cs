using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Cluster-wide site counts from the site registry (meter <c>OscpFleet.Registry</c>): every registered site, active or
/// not, by peer and limit source. Each registry shard is active on exactly one silo and reports its counts there, so the
/// sum over silos is the cluster's count with nothing counted twice; <see cref="SiteRegistryGauges"/> keeps every shard
/// active and reporting.
/// </summary>
public sealed class RegistryMetrics : IDisposable
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "OscpFleet.Registry";

    private readonly Meter meter;
    private readonly ConcurrentDictionary<long, IReadOnlyList<((string Peer, string State) Key, int Count)>> shards = new();

    /// <summary>Creates the instruments on the host's meter factory.</summary>
    public RegistryMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        meter.CreateObservableGauge("oscpfleet.sites", Observe,
            description: "Registered sites by peer and source of their limit (forecast, fallback, base_doe, emergency_stop, disabled), from the registry shards hosted on this silo (sum over silos for the cluster)");
        meter.CreateObservableGauge("oscpfleet.registry.shards", () => shards.Count,
            description: "Site registry shards active on this silo (sum over silos: the shard count once every shard reports)");
    }

    /// <summary>Records the counts of a shard hosted on this silo.</summary>
    public void SetShard(long shard, IEnumerable<SiteSummary> sites) =>
        shards[shard] = [.. sites.GroupBy(s => (s.PeerId, s.State)).Select(g => (g.Key, g.Count()))];

    /// <summary>The shard left this silo.</summary>
    public void ForgetShard(long shard) => shards.TryRemove(shard, out _);

    private IEnumerable<Measurement<int>> Observe() =>
        shards.Values.SelectMany(s => s)
            .GroupBy(c => c.Key)
            .Select(g => new Measurement<int>(g.Sum(c => c.Count), new("peer", g.Key.Peer), new("state", g.Key.State)));

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
