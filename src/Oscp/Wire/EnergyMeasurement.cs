namespace OscpFleet.Oscp.Wire;

/// <summary>
/// A reading of an energy register. <see cref="EnergyType"/> absent means TOTAL;
/// <see cref="InitialMeasureTime"/> is when the register (re)started counting (per-period readings, INTERMITTENT).
/// </summary>
public sealed record EnergyMeasurement(
    double Value,
    PhaseIndicator Phase,
    EnergyMeasurementUnit Unit,
    EnergyFlowDirection Direction,
    DateTimeOffset MeasureTime,
    EnergyType? EnergyType = null,
    DateTimeOffset? InitialMeasureTime = null);
