namespace OscpFleet.Oscp.Wire;

/// <summary>OSCP 2.0 UpdateGroupCapacityForecast (CP → FP): one group, one forecast type, at least one block.</summary>
public sealed record UpdateGroupCapacityForecast(
    string GroupId,
    CapacityForecastType Type,
    IReadOnlyList<ForecastedBlock> ForecastedBlocks);
