namespace OscpFleet.Oscp.Wire;

/// <summary>A point-in-time reading (power or current); the vector profile accepts units KW and W only.</summary>
public sealed record InstantaneousMeasurement(
    double Value,
    PhaseIndicator Phase,
    InstantaneousMeasurementUnit Unit,
    DateTimeOffset MeasureTime);
