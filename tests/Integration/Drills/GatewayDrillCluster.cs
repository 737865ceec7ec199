using OscpFleet.Testing;

namespace OscpFleet.Integration.Drills;

/// <summary>
/// <c>OSCPFLEET_DRILL_GATEWAY_SITES</c> (20) sites on one in-process silo, plus two gateways run as processes. The
/// product clock starts at the system's time, since the gateway processes run on the system clock (tokens they check).
/// </summary>
public sealed class GatewayDrillCluster() : ManySitesCluster(GroupIds, _ => [("CS1", 150), ("CS2", 50)]), IAsyncLifetime
{
    /// <summary>The sites.</summary>
    public static readonly IReadOnlyList<string> GroupIds = Drill.Sites("GWKILL", Drill.Setting("OSCPFLEET_DRILL_GATEWAY_SITES", 20));

    /// <summary>The two gateway processes.</summary>
    public GatewayProcess[] Gateways { get; private set; } = [];

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = "3600";
            return settings;
        }
    }

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        AdvanceTo(DateTimeOffset.UtcNow);
        await base.InitializeAsync();
        await OnboardAsync(GroupIds);
        var settings = new Dictionary<string, string?>(Configuration)
        {
            ["Storage:TableConnectionString"] = Storage.ConnectionString,
            ["Cluster:ClusterId"] = ClusterId,
            ["Cluster:ServiceId"] = ClusterId,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };
        Gateways = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => GatewayProcess.StartAsync(settings, TimeSpan.FromSeconds(90))));
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        foreach (var gateway in Gateways) await gateway.DisposeAsync();
        await base.DisposeAsync();
    }
}
