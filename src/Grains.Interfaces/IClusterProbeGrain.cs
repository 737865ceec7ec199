namespace OscpFleet.Grains;

/// <summary>A stateless grain that answers when the cluster can activate and run grains; readiness probes call it.</summary>
[Alias("OscpFleet.IClusterProbeGrain")]
public interface IClusterProbeGrain : IGrainWithIntegerKey
{
    /// <summary>The address of the silo that answered.</summary>
    [Alias("Ping")]
    Task<string> PingAsync();
}
