using System.Collections.Immutable;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// One limit version of a site: the body of the limits webhook and of
/// <c>GET /api/v1/sites/{groupId}/limits</c> (docs/protocol.md, "Limit versions"; format in docs/endpoints.md,
/// "Limit webhook"). Build it with <see cref="LimitDocuments.Build"/>, write and read it with <see cref="LimitDocumentJson"/>.
/// </summary>
/// <param name="GroupId">The site's group id.</param>
/// <param name="Version">Increases with every change of the site's limits.</param>
/// <param name="IssuedAt">When this version was made, whole seconds UTC.</param>
/// <param name="Reason">The source of the limit in force at the schedule's start ("now").</param>
/// <param name="EmergencyStop">True while the limit in force comes from a protective all-zero profile.</param>
/// <param name="Schedule">The site limit over time, contiguous, from "now" on.</param>
/// <param name="Ocpp">One request per configured charging station; empty when none are configured.</param>
public sealed record LimitDocument(
    string GroupId,
    long Version,
    DateTimeOffset IssuedAt,
    LimitReason Reason,
    bool EmergencyStop,
    ImmutableArray<LimitDocumentInterval> Schedule,
    ImmutableArray<StationChargingProfile> Ocpp)
{
    /// <summary>The schedule; never default (a missing array in stored JSON reads as empty).</summary>
    public ImmutableArray<LimitDocumentInterval> Schedule { get; init; } = Schedule.IsDefault ? [] : Schedule;

    /// <summary>The per-station requests; never default.</summary>
    public ImmutableArray<StationChargingProfile> Ocpp { get; init; } = Ocpp.IsDefault ? [] : Ocpp;

    /// <summary>Value equality, including schedule and requests (records compare arrays by reference otherwise).</summary>
    public bool Equals(LimitDocument? other) =>
        other is not null
        && GroupId == other.GroupId
        && Version == other.Version
        && IssuedAt == other.IssuedAt
        && Reason == other.Reason
        && EmergencyStop == other.EmergencyStop
        && Schedule.SequenceEqual(other.Schedule)
        && Ocpp.SequenceEqual(other.Ocpp);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(GroupId, Version, IssuedAt, Reason, EmergencyStop, Schedule.Length, Ocpp.Length);
}
