namespace OscpFleet.Oscp.Wire;

/// <summary>OSCP 2.0 UpdateGroupMeasurements (FP → CP): energy readings aggregated per group. Not supported by Vector.</summary>
public sealed record UpdateGroupMeasurements(
    string GroupId,
    IReadOnlyList<EnergyMeasurement> Measurements);
