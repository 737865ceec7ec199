namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// One meter sample as docs/endpoints.md ("Validation and meter samples") spells it: <c>{"chargerId","at","energyWh","powerW"}</c>, <c>at</c> in UTC
/// (<c>Z</c>), the charger's cumulative import register in whole Wh and its draw at that instant in whole W. The
/// simulator's own type, so what it posts never changes with the product's internal model.
/// </summary>
/// <param name="ChargerId">The charging station.</param>
/// <param name="At">When the register was read (simulator clock).</param>
/// <param name="EnergyWh">The cumulative import register, rounded down (never decreases except after a simulated reset).</param>
/// <param name="PowerW">What the charger draws at <paramref name="At"/>: min(demand, limit), rounded.</param>
internal sealed record MeterValueSample(string ChargerId, DateTimeOffset At, long EnergyWh, long PowerW);
