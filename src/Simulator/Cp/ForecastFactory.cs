using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>Builds the forecasts the simulator sends: Vector-like flat profiles of 15-minute blocks in kW for the whole site.</summary>
public static class ForecastFactory
{
    /// <summary>The length of one block.</summary>
    public static readonly TimeSpan BlockLength = TimeSpan.FromMinutes(15);

    /// <summary>The start of the quarter hour (UTC) holding <paramref name="at"/>.</summary>
    public static DateTimeOffset QuarterHour(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % BlockLength.Ticks), TimeSpan.Zero);
    }

    /// <summary>The forecast <paramref name="request"/> describes for <paramref name="groupId"/>, at <paramref name="now"/>.</summary>
    /// <exception cref="ArgumentException">A block count below 1 or a negative or non-finite capacity.</exception>
    public static UpdateGroupCapacityForecast Build(string groupId, ForecastRequest request, DateTimeOffset now, CpSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (request.Blocks is { Count: > 0 } blocks)
            return new UpdateGroupCapacityForecast(groupId, request.Type, blocks);

        var count = request.BlockCount ?? options.ForecastBlockCount;
        if (count < 1)
            throw new ArgumentException("blockCount must be at least 1.", nameof(request));
        var kw = request.AllZero ? 0 : request.CapacityKw ?? options.CapacityKw;
        if (kw < 0 || !double.IsFinite(kw))
            throw new ArgumentException("capacityKw must be a number >= 0.", nameof(request));

        var start = request.Start ?? QuarterHour(now);
        var built = new ForecastedBlock[count];
        for (var i = 0; i < count; i++)
        {
            built[i] = new ForecastedBlock(kw, PhaseIndicator.All, ForecastedBlockUnit.Kw, start + (i * BlockLength), start + ((i + 1) * BlockLength));
        }

        return new UpdateGroupCapacityForecast(groupId, request.Type, built);
    }
}
