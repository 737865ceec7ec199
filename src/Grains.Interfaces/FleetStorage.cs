namespace OscpFleet.Grains;

/// <summary>Names of the Orleans providers the grains use.</summary>
public static class FleetStorage
{
    /// <summary>The Azure Table grain storage every persisted grain state lives in.</summary>
    public const string Name = "fleet";

    /// <summary>
    /// The grain storage of the peers' connection state (same table and rows as <see cref="Name"/> would use), over the
    /// silo's control lane of storage connections: a heartbeat's write never waits behind a fleet's site writes.
    /// </summary>
    public const string Control = "fleet-control";
}
