using OscpFleet.Oscp.Metering;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Sites;

/// <summary>Meter values in, measurement periods closed into reports.</summary>
public sealed partial class SiteGrain
{
    /// <inheritdoc />
    public Task<MeterValuesOutcome> AcceptMeterValuesAsync(IReadOnlyList<MeterSample> samples) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<OutboxOutcome> RequestCapacityAsync(CapacityForecastType type, IReadOnlyList<ForecastedBlock> blocks) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<OutboxOutcome> ReportComplianceErrorAsync(string message, DateTimeOffset from, DateTimeOffset to) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<OutboxView?> GetOutboxAsync() => throw new NotImplementedException();
}
