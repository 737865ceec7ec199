using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Compliance;

/// <summary>One version of a site's limit schedule, as it was issued to the charging management system.</summary>
public interface IIssuedSchedule
{
    /// <summary>When the version was issued; from then on it replaces the previous one.</summary>
    DateTimeOffset IssuedAt { get; }

    /// <summary>The limits of this version, in time order, not overlapping.</summary>
    IReadOnlyList<ScheduledLimit> Schedule { get; }
}

/// <summary>One version of a site's limit schedule, as it was issued to the charging management system.</summary>
/// <param name="IssuedAt">When the version was issued; from then on it replaces the previous one.</param>
/// <param name="Schedule">The limits of this version, in time order, not overlapping.</param>
public sealed record IssuedSchedule(DateTimeOffset IssuedAt, IReadOnlyList<ScheduledLimit> Schedule) : IIssuedSchedule;
