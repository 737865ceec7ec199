namespace OscpFleet.Oscp.Wire;

/// <summary>
/// OSCP 2.0 GroupCapacityComplianceError (FP → CP). Carries no group id: the forecast concerned is
/// named by <c>X-Correlation-ID</c> = that forecast's <c>X-Request-ID</c>.
/// </summary>
public sealed record GroupCapacityComplianceError(
    string Message,
    IReadOnlyList<ForecastedBlock>? ForecastedBlocks = null);
