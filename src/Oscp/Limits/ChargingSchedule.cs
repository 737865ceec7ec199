using System.Collections.Immutable;

namespace OscpFleet.Oscp.Limits;

/// <summary>OCPP 2.0.1 <c>ChargingScheduleType</c>, as far as a station maximum profile uses it.</summary>
/// <param name="Id">The schedule's id within its profile (1).</param>
/// <param name="StartSchedule">When period 0 starts (the limit document's schedule start), whole seconds UTC.</param>
/// <param name="Duration">Seconds from <paramref name="StartSchedule"/> the schedule covers.</param>
/// <param name="ChargingRateUnit"><c>W</c> when we build it.</param>
/// <param name="ChargingSchedulePeriod">The periods, ascending by start, the first at 0; each lasts until the next.</param>
public sealed record ChargingSchedule(
    int Id,
    DateTimeOffset StartSchedule,
    int Duration,
    string ChargingRateUnit,
    ImmutableArray<ChargingSchedulePeriod> ChargingSchedulePeriod)
{
    /// <summary>OCPP's rate unit for limits in watts.</summary>
    public const string Watts = "W";

    /// <summary>The periods; never default (a missing array in stored JSON reads as empty).</summary>
    public ImmutableArray<ChargingSchedulePeriod> ChargingSchedulePeriod { get; init; } =
        ChargingSchedulePeriod.IsDefault ? [] : ChargingSchedulePeriod;

    /// <summary>Value equality, including the periods (records compare arrays by reference otherwise).</summary>
    public bool Equals(ChargingSchedule? other) =>
        other is not null
        && Id == other.Id
        && StartSchedule == other.StartSchedule
        && Duration == other.Duration
        && ChargingRateUnit == other.ChargingRateUnit
        && ChargingSchedulePeriod.SequenceEqual(other.ChargingSchedulePeriod);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, StartSchedule, Duration, ChargingRateUnit, ChargingSchedulePeriod.Length);
}
