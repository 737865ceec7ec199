namespace OscpFleet.Oscp.Wire;

/// <summary>One block of a capacity forecast: <c>capacity</c> in <c>unit</c> over [start_time, end_time).</summary>
public sealed record ForecastedBlock(
    double Capacity,
    PhaseIndicator Phase,
    ForecastedBlockUnit Unit,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime);
