namespace OscpFleet.Oscp.Wire;

/// <summary>OSCP 2.0 AdjustGroupCapacityForecast (FP → CP): the capacity we would like instead; the CP may answer with a new forecast.</summary>
public sealed record AdjustGroupCapacityForecast(
    string GroupId,
    CapacityForecastType Type,
    IReadOnlyList<ForecastedBlock> ForecastedBlocks);
