using OscpFleet.Testing;

// The xunit face of the shared harness (tests/Testing, which has no test framework): each cluster of OscpFleet.Testing
// under the same name, implementing IAsyncLifetime with the InitializeAsync/DisposeAsync it inherits. They live in the
// namespace that encloses every test namespace, so a test's `DoeCluster` is this one even with `using OscpFleet.Testing;`.
namespace OscpFleet.Integration;

/// <summary><see cref="Testing.FleetCluster"/> as an xunit fixture.</summary>
public class FleetCluster : Testing.FleetCluster, IAsyncLifetime;

/// <summary><see cref="Testing.OscpPeerCluster"/> as an xunit fixture.</summary>
public class OscpPeerCluster : Testing.OscpPeerCluster, IAsyncLifetime;

/// <summary><see cref="Testing.OscpPeerAskingHeartbeatsCluster"/> as an xunit fixture.</summary>
public class OscpPeerAskingHeartbeatsCluster : Testing.OscpPeerAskingHeartbeatsCluster, IAsyncLifetime;

/// <summary><see cref="Testing.KeepAliveCluster"/> as an xunit fixture.</summary>
public sealed class KeepAliveCluster : Testing.KeepAliveCluster, IAsyncLifetime;

/// <summary><see cref="Testing.VectorPeerCluster"/> as an xunit fixture.</summary>
public class VectorPeerCluster : Testing.VectorPeerCluster, IAsyncLifetime;

/// <summary><see cref="Testing.StrictTokenCluster"/> as an xunit fixture.</summary>
public sealed class StrictTokenCluster : Testing.StrictTokenCluster, IAsyncLifetime;

/// <summary><see cref="Testing.DoeCluster"/> as an xunit fixture.</summary>
public class DoeCluster : Testing.DoeCluster, IAsyncLifetime;

/// <summary><see cref="Testing.FaultyReportBackCluster"/> as an xunit fixture.</summary>
public sealed class FaultyReportBackCluster : Testing.FaultyReportBackCluster, IAsyncLifetime;

/// <summary><see cref="Testing.MeteringCluster"/> as an xunit fixture.</summary>
public class MeteringCluster : Testing.MeteringCluster, IAsyncLifetime;

/// <summary><see cref="Testing.ConsoleCluster"/> as an xunit fixture.</summary>
public sealed class ConsoleCluster : Testing.ConsoleCluster, IAsyncLifetime;

/// <summary><see cref="Testing.WaitingMeteringCluster"/> as an xunit fixture.</summary>
public sealed class WaitingMeteringCluster : Testing.WaitingMeteringCluster, IAsyncLifetime;

/// <summary><see cref="Testing.CpRegistersFirstCluster"/> as an xunit fixture.</summary>
public sealed class CpRegistersFirstCluster : Testing.CpRegistersFirstCluster, IAsyncLifetime;

/// <summary><see cref="Testing.UnregisteringCluster"/> as an xunit fixture.</summary>
public sealed class UnregisteringCluster : Testing.UnregisteringCluster, IAsyncLifetime;

/// <summary><see cref="Testing.FpRegisterRefusedCluster"/> as an xunit fixture.</summary>
public sealed class FpRegisterRefusedCluster : Testing.FpRegisterRefusedCluster, IAsyncLifetime;

/// <summary><see cref="Testing.FpRegistersFirstCluster"/> as an xunit fixture.</summary>
public sealed class FpRegistersFirstCluster : Testing.FpRegistersFirstCluster, IAsyncLifetime;

/// <summary>xunit assertions over the harness.</summary>
public static class ClusterAssertions
{
    /// <summary>Fails when a log line of <paramref name="cluster"/> holds any of <paramref name="secrets"/>.</summary>
    public static void AssertNoneLogged(this RegisteringPeerCluster cluster, params string?[] secrets)
    {
        var lines = cluster.Logs.Snapshot();
        Assert.NotEmpty(lines);
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
            Assert.False(lines.Any(l => l.Contains(secret!, StringComparison.Ordinal)), $"a log line holds a token ({secret!.Length} characters)");
    }
}
