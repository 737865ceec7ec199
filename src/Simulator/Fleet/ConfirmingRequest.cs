namespace OscpFleet.Simulator.Fleet;

/// <summary><c>PUT /sim/fleet/confirming</c>: confirm applied versions or not, and after how long.</summary>
internal sealed record ConfirmingRequest(bool Confirm, double? DelaySeconds);
