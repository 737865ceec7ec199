namespace OscpFleet.Oscp.Metering;

/// <summary>Energy a charger's register claimed but that was more than it could plausibly have used: not reported.</summary>
/// <param name="ChargerId">The charger.</param>
/// <param name="At">The reading that claimed it.</param>
/// <param name="DroppedWh">The implausible part, in Wh.</param>
public sealed record EnergyDrop(string ChargerId, DateTimeOffset At, double DroppedWh);
