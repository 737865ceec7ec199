using OscpFleet.Testing;

namespace OscpFleet.Integration.Drills;

/// <summary>
/// <c>OSCPFLEET_DRILL_SITES</c> (100) sites on one silo whose Azurite keeps its data on disk, so it can be stopped and
/// started again on the same port and data. Heartbeats are asked only hourly and a period closes on time, so the drill can
/// move the clock to the report without the connection timing out.
/// </summary>
public sealed class StorageDrillCluster() : ManySitesCluster(GroupIds, _ => [("CS1", 150), ("CS2", 50)]), IAsyncLifetime
{
    /// <summary>The sites.</summary>
    public static readonly IReadOnlyList<string> GroupIds = Drill.Sites("STOR", Drill.Setting("OSCPFLEET_DRILL_SITES", 100));

    /// <inheritdoc />
    protected override bool PersistentStorage => true;

    /// <inheritdoc />
    protected override int CsmsRecords => (GroupIds.Count * 200) + 1000;

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = "3600";
            settings["Oscp:Metering:MaxReportDelayMinutes"] = "0";
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
