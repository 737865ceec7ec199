namespace OscpFleet.Oscp.Metering;

/// <summary>One reading of one charger, as reported by the charging management system.</summary>
/// <param name="ChargerId">The charger (stable id; a replaced charger may keep it, see register resets).</param>
/// <param name="At">When the reading was taken.</param>
/// <param name="EnergyWh">The charger's cumulative import register in Wh (never decreases except on a reset).</param>
/// <param name="PowerW">Instantaneous import power in W at <paramref name="At"/>.</param>
/// <param name="RegisterReset">The CSMS says the register was reset before this reading (counts from 0 again).</param>
public sealed record MeterSample(string ChargerId, DateTimeOffset At, double EnergyWh, double PowerW, bool RegisterReset = false);
