using OscpFleet.Testing;

namespace OscpFleet.Integration.Drills;

/// <summary><c>OSCPFLEET_DRILL_CSMS_SITES</c> (20) sites on one silo, their CSMS a simulator the drill stops and starts again on the same port.</summary>
public sealed class CsmsDrillCluster() : ManySitesCluster(GroupIds, _ => [("CS1", 150), ("CS2", 50)]), IAsyncLifetime
{
    /// <summary>The sites.</summary>
    public static readonly IReadOnlyList<string> GroupIds = Drill.Sites("CSMS", Drill.Setting("OSCPFLEET_DRILL_CSMS_SITES", 20));

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            // Heartbeats asked hourly: the drill moves the clock minutes at a time and the CP must stay connected.
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = "3600";
            return settings;
        }
    }

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await OnboardAsync(GroupIds);
    }
}
