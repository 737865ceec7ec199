namespace OscpFleet.Oscp.Wire;

/// <summary>OSCP 2.0 Heartbeat: consider the sender offline if no further heartbeat arrives by <see cref="OfflineModeAt"/>.</summary>
public sealed record Heartbeat(DateTimeOffset OfflineModeAt);
