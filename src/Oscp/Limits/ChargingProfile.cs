using System.Collections.Immutable;

namespace OscpFleet.Oscp.Limits;

/// <summary>OCPP 2.0.1 <c>ChargingProfileType</c>, as far as a station maximum profile uses it.</summary>
/// <param name="Id">Fixed per station across versions, so each version replaces the station's previous profile.</param>
/// <param name="StackLevel">Configurable, see <see cref="LimitDocumentOptions.StackLevel"/>.</param>
/// <param name="ChargingProfilePurpose">Always <c>ChargingStationMaxProfile</c> when we build it.</param>
/// <param name="ChargingProfileKind">Always <c>Absolute</c> when we build it.</param>
/// <param name="ChargingSchedule">The schedules (OCPP allows up to three); we build exactly one.</param>
public sealed record ChargingProfile(
    int Id,
    int StackLevel,
    string ChargingProfilePurpose,
    string ChargingProfileKind,
    ImmutableArray<ChargingSchedule> ChargingSchedule)
{
    /// <summary>The OCPP purpose of a profile that caps the whole charging station.</summary>
    public const string StationMaxPurpose = "ChargingStationMaxProfile";

    /// <summary>The OCPP kind of a profile whose schedule starts at an absolute time.</summary>
    public const string AbsoluteKind = "Absolute";

    /// <summary>The schedules; never default (a missing array in stored JSON reads as empty).</summary>
    public ImmutableArray<ChargingSchedule> ChargingSchedule { get; init; } = ChargingSchedule.IsDefault ? [] : ChargingSchedule;

    /// <summary>Value equality, including the schedules (records compare arrays by reference otherwise).</summary>
    public bool Equals(ChargingProfile? other) =>
        other is not null
        && Id == other.Id
        && StackLevel == other.StackLevel
        && ChargingProfilePurpose == other.ChargingProfilePurpose
        && ChargingProfileKind == other.ChargingProfileKind
        && ChargingSchedule.SequenceEqual(other.ChargingSchedule);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, StackLevel, ChargingProfilePurpose, ChargingProfileKind, ChargingSchedule.Length);
}
