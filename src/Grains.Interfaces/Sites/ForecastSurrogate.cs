using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// How a forecast travels from the gateway to its site grain: Orleans' own binary codec over arrays of the blocks'
/// fields, instead of the JSON every other protocol type goes as (<see cref="FleetSerialization"/>). A 96-block forecast
/// is the one large argument of the DOE path, and JSON for it cost the gateway a serialization and the silo a
/// deserialization with an object per field of every block. Lossless: each time keeps its instant and its offset.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct ForecastSurrogate(
    [property: Id(0)] string GroupId,
    [property: Id(1)] int Type,
    [property: Id(2)] double[] Capacity,
    [property: Id(3)] int[] Phase,
    [property: Id(4)] int[] Unit,
    [property: Id(5)] long[] StartTicks,
    [property: Id(6)] short[] StartOffsetMinutes,
    [property: Id(7)] long[] EndTicks,
    [property: Id(8)] short[] EndOffsetMinutes);

/// <summary>Converts a forecast to and from <see cref="ForecastSurrogate"/>.</summary>
[RegisterConverter]
public sealed class ForecastSurrogateConverter : IConverter<UpdateGroupCapacityForecast, ForecastSurrogate>
{
    /// <inheritdoc />
    public UpdateGroupCapacityForecast ConvertFromSurrogate(in ForecastSurrogate surrogate)
    {
        var count = surrogate.Capacity.Length;
        if (surrogate.Phase.Length != count || surrogate.Unit.Length != count || surrogate.StartTicks.Length != count
            || surrogate.StartOffsetMinutes.Length != count || surrogate.EndTicks.Length != count || surrogate.EndOffsetMinutes.Length != count)
        {
            throw new InvalidOperationException($"forecast for '{surrogate.GroupId}': block fields of different lengths");
        }

        var blocks = new ForecastedBlock[count];
        for (var i = 0; i < count; i++)
        {
            blocks[i] = new ForecastedBlock(
                surrogate.Capacity[i],
                (PhaseIndicator)surrogate.Phase[i],
                (ForecastedBlockUnit)surrogate.Unit[i],
                Time(surrogate.StartTicks[i], surrogate.StartOffsetMinutes[i]),
                Time(surrogate.EndTicks[i], surrogate.EndOffsetMinutes[i]));
        }

        return new UpdateGroupCapacityForecast(surrogate.GroupId, (CapacityForecastType)surrogate.Type, blocks);
    }

    /// <inheritdoc />
    public ForecastSurrogate ConvertToSurrogate(in UpdateGroupCapacityForecast value)
    {
        var blocks = value.ForecastedBlocks;
        var count = blocks.Count;
        var capacity = new double[count];
        var phase = new int[count];
        var unit = new int[count];
        var startTicks = new long[count];
        var startOffset = new short[count];
        var endTicks = new long[count];
        var endOffset = new short[count];
        for (var i = 0; i < count; i++)
        {
            var block = blocks[i];
            capacity[i] = block.Capacity;
            phase[i] = (int)block.Phase;
            unit[i] = (int)block.Unit;
            startTicks[i] = block.StartTime.UtcTicks;
            startOffset[i] = (short)block.StartTime.TotalOffsetMinutes;
            endTicks[i] = block.EndTime.UtcTicks;
            endOffset[i] = (short)block.EndTime.TotalOffsetMinutes;
        }

        return new ForecastSurrogate(value.GroupId, (int)value.Type, capacity, phase, unit, startTicks, startOffset, endTicks, endOffset);
    }

    // The instant (UTC ticks) seen at its original offset.
    private static DateTimeOffset Time(long utcTicks, short offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
}
