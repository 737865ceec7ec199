namespace OscpFleet.Simulator.Fleet;

/// <summary><c>PUT /sim/fleet/down</c>.</summary>
internal sealed record DownRequest(bool Down);
