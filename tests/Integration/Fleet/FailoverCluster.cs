using System.Globalization;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Fleet;

/// <summary>300 sites on three silos (one Azurite, one gateway, the CP simulator as the Vector peer, the fleet simulator as the CSMS).</summary>
public sealed class FailoverCluster() : ManySitesCluster(GroupIds, _ => [("CS1", 150), ("CS2", 50)]), IAsyncLifetime
{
    /// <summary>The sites.</summary>
    public static readonly IReadOnlyList<string> GroupIds =
        [.. Enumerable.Range(1, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"FAIL_{i:000}"))];

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartSiloAsync();
        await StartSiloAsync();
        await OnboardAsync(GroupIds);
    }
}
