using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// Normalises forecasted block capacities to kW, so that every timeline and every limit in the
/// product is a power value whatever unit the grid operator chose (docs/protocol.md, "Units").
/// </summary>
public static class CapacityUnits
{
    /// <summary>
    /// The block's capacity as power in kW.
    /// <list type="bullet">
    /// <item><c>W</c> ÷ 1000; <c>KW</c> as is.</item>
    /// <item><c>A</c> with phase <c>ALL</c> or <c>UNKNOWN</c>: the current applies to each connected phase,
    /// kW = A × V × phases ÷ 1000. With <c>ONE</c>/<c>TWO</c>/<c>THREE</c>: that phase only, kW = A × V ÷ 1000.</item>
    /// <item><c>WH</c>/<c>KWH</c>: an energy budget for the block, turned into the average power that
    /// spends it exactly over the block's duration.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">The block has no duration and carries an energy unit, or the connection is invalid.</exception>
    public static double ToKw(ForecastedBlock block, ElectricalConnection connection)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(connection);
        return block.Unit switch
        {
            ForecastedBlockUnit.W => block.Capacity / 1000,
            ForecastedBlockUnit.Kw => block.Capacity,
            ForecastedBlockUnit.A => AmpsToKw(block.Capacity, block.Phase, connection),
            ForecastedBlockUnit.Wh => block.Capacity / 1000 / DurationHours(block),
            ForecastedBlockUnit.Kwh => block.Capacity / DurationHours(block),
            _ => throw new ArgumentOutOfRangeException(nameof(block), block.Unit, "Unknown forecasted block unit."),
        };
    }

    /// <summary>True when a value with this phase indicator describes the whole site (<c>ALL</c>, or <c>UNKNOWN</c> which we treat as <c>ALL</c>).</summary>
    public static bool IsWholeSite(PhaseIndicator phase) => phase is PhaseIndicator.All or PhaseIndicator.Unknown;

    private static double AmpsToKw(double amps, PhaseIndicator phase, ElectricalConnection connection)
    {
        connection.EnsureValid();
        var phases = IsWholeSite(phase) ? connection.Phases : 1;
        return amps * connection.NominalVoltage * phases / 1000;
    }

    private static double DurationHours(ForecastedBlock block)
    {
        var hours = (block.EndTime - block.StartTime).TotalHours;

        // Validation rejects such blocks earlier; dividing by zero here would yield an infinite limit.
        return hours > 0
            ? hours
            : throw new ArgumentException($"An energy budget needs a block with positive duration; got {block.StartTime:O} to {block.EndTime:O}.", nameof(block));
    }
}
