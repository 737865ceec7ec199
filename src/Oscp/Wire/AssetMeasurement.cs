namespace OscpFleet.Oscp.Wire;

/// <summary>The readings of one flexibility resource (for Vector: the whole site aggregated into one asset).</summary>
public sealed record AssetMeasurement(
    string AssetId,
    AssetCategory AssetCategory,
    EnergyMeasurement? EnergyMeasurement = null,
    InstantaneousMeasurement? InstantaneousMeasurement = null);
