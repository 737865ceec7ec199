namespace OscpFleet.Oscp.Wire;

/// <summary>OSCP 2.0 UpdateAssetMeasurements (FP → CO per spec; FP → CP for Vector): readings per asset of one group.</summary>
public sealed record UpdateAssetMeasurements(
    string GroupId,
    IReadOnlyList<AssetMeasurement> Measurements);
