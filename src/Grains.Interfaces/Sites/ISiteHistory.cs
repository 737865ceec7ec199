namespace OscpFleet.Grains.Sites;

/// <summary>
/// Where a site's per-period history and limit versions are recorded. Every method returns at once and never throws:
/// the implementation buffers and writes in the background (off the grain's request path), and counts what it cannot
/// keep.
/// </summary>
public interface ISiteHistory
{
    /// <summary>A period's report was accepted by the CP.</summary>
    void PeriodReported(PeriodHistory period);

    /// <summary>A limit version was issued.</summary>
    void VersionIssued(VersionHistory version);

    /// <summary>The CSMS confirmed a version applied (<paramref name="issuedAt"/> finds its record).</summary>
    void VersionApplied(string groupId, long version, DateTimeOffset issuedAt, DateTimeOffset appliedAt);
}

/// <summary>One report period of a site, as its history keeps it.</summary>
/// <param name="GroupId">The site.</param>
/// <param name="PeriodStart">Start (inclusive, UTC).</param>
/// <param name="PeriodEnd">End (exclusive).</param>
/// <param name="LimitKwMin">The lowest limit in force over the period; null when none was.</param>
/// <param name="LimitKwMax">The highest.</param>
/// <param name="EnergyKwh">The energy reported.</param>
/// <param name="MaxKw">The maximum load reported.</param>
/// <param name="Reported">When the CP accepted the report.</param>
/// <param name="Complete">False when it was reported at the end of its wait with a charger's data missing.</param>
public sealed record PeriodHistory(
    string GroupId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    double? LimitKwMin,
    double? LimitKwMax,
    double EnergyKwh,
    double MaxKw,
    DateTimeOffset Reported,
    bool Complete);

/// <summary>One limit version of a site, as its history keeps it.</summary>
/// <param name="GroupId">The site.</param>
/// <param name="Version">The version number.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="Reason">Why: the source of its first interval (<c>forecast</c>, <c>fallback</c>, <c>base_doe</c>, …).</param>
/// <param name="AppliedAt">When the CSMS confirmed it applied; null until then.</param>
public sealed record VersionHistory(string GroupId, long Version, DateTimeOffset IssuedAt, string Reason, DateTimeOffset? AppliedAt);
