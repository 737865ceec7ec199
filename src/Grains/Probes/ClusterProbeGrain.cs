using Orleans.Concurrency;
using Orleans.Runtime;

namespace OscpFleet.Grains.Probes;

/// <summary>Answers readiness probes from whichever silo is local to the caller; holds no state.</summary>
[StatelessWorker]
[GrainType("cluster-probe")]
public sealed class ClusterProbeGrain(ILocalSiloDetails silo) : Grain, IClusterProbeGrain
{
    /// <inheritdoc />
    public Task<string> PingAsync() => Task.FromResult(silo.SiloAddress.ToString());
}
