using OscpFleet.Testing;

namespace OscpFleet.Integration.Hosting;

/// <summary>Tests that share one Azurite-backed cluster (one silo) for speed.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<FleetCluster>
{
    /// <summary>Collection name.</summary>
    public const string Name = "cluster";
}
