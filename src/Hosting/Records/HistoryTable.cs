using System.Globalization;
using Azure.Data.Tables;
using OscpFleet.Grains.Sites;

namespace OscpFleet.Hosting.Records;

/// <summary>
/// The site history's table, <c>OscpFleetHistory</c> (docs/decisions.md, "The message journal and the site history"):
/// partition <c>&lt;serviceId&gt;|yyyy-MM|~&lt;shard&gt;</c> keeps the month of the sites of one shard
/// (<see cref="SiteShard"/>) together; a site's rows are the row-key range <c>&lt;groupId&gt;|…</c> of it:
/// <c>&lt;groupId&gt;|p|yyyyMMddHHmmss</c> per report period (by its start), <c>&lt;groupId&gt;|v|&lt;version, 19 digits&gt;</c>
/// per limit version (in the month it was issued; "applied" merges into the same row). A 31-day query reads at most
/// two partitions. Until the retention period has passed, readers also read the earlier layout's partitions
/// <c>&lt;serviceId&gt;|yyyy-MM|&lt;groupId&gt;</c> with rows <c>p|…</c> and <c>v|…</c> (<see cref="LegacyPartition"/>).
/// </summary>
public static class HistoryTable
{
    /// <summary>The table's name.</summary>
    public const string TableName = "OscpFleetHistory";

    /// <summary>The partition of <paramref name="groupId"/>'s shard in the month of <paramref name="at"/>.</summary>
    public static string Partition(string serviceId, string groupId, DateTimeOffset at) =>
        $"{serviceId}|{MonthOf(at)}|{SiteShard.Of(groupId)}";

    /// <summary>The site-month partition of the earlier layout (read, never written); its rows have no group id in their keys.</summary>
    public static string LegacyPartition(string serviceId, string groupId, DateTimeOffset at) =>
        $"{serviceId}|{MonthOf(at)}|{groupId}";

    /// <summary>The month part of a partition name.</summary>
    public static string MonthOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The row of the period starting at <paramref name="start"/>, after a site's prefix (empty in the earlier layout).</summary>
    public static string PeriodRow(string prefix, DateTimeOffset start) => prefix + "p|" + start.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>The row of version <paramref name="version"/>, after a site's prefix (empty in the earlier layout).</summary>
    public static string VersionRow(string prefix, long version) => prefix + "v|" + version.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The prefix of every row key of <paramref name="groupId"/> (<see cref="SiteShard.RangeStart"/>).</summary>
    public static string SitePrefix(string groupId) => SiteShard.RangeStart(groupId);

    /// <summary>The row of a reported period.</summary>
    public static TableTransactionAction Period(string serviceId, PeriodHistory period) => new(
        TableTransactionActionType.UpsertReplace,
        new TableEntity(Partition(serviceId, period.GroupId, period.PeriodStart), PeriodRow(SitePrefix(period.GroupId), period.PeriodStart))
        {
            ["At"] = period.PeriodStart.ToUniversalTime(),
            ["PeriodEnd"] = period.PeriodEnd.ToUniversalTime(),
            ["LimitKwMin"] = period.LimitKwMin,
            ["LimitKwMax"] = period.LimitKwMax,
            ["EnergyKwh"] = period.EnergyKwh,
            ["MaxKw"] = period.MaxKw,
            ["Reported"] = period.Reported.ToUniversalTime(),
            ["Complete"] = period.Complete,
        });

    /// <summary>The row of an issued version (merged: an "applied" written first is kept).</summary>
    public static TableTransactionAction Issued(string serviceId, VersionHistory version) => new(
        TableTransactionActionType.UpsertMerge,
        new TableEntity(Partition(serviceId, version.GroupId, version.IssuedAt), VersionRow(SitePrefix(version.GroupId), version.Version))
        {
            ["At"] = version.IssuedAt.ToUniversalTime(),
            ["Version"] = version.Version,
            ["Reason"] = version.Reason,
        });

    /// <summary>The "applied" of a version, merged into its row.</summary>
    public static TableTransactionAction Applied(string serviceId, string groupId, long version, DateTimeOffset issuedAt, DateTimeOffset appliedAt) => new(
        TableTransactionActionType.UpsertMerge,
        new TableEntity(Partition(serviceId, groupId, issuedAt), VersionRow(SitePrefix(groupId), version))
        {
            ["At"] = issuedAt.ToUniversalTime(),
            ["Version"] = version,
            ["AppliedAt"] = appliedAt.ToUniversalTime(),
        });

    /// <summary>The API's view of a period row.</summary>
    public static HistoryPeriodRecord ReadPeriod(TableEntity row) => new(
        row.GetDateTimeOffset("At")!.Value,
        row.GetDateTimeOffset("PeriodEnd")!.Value,
        row.GetDouble("LimitKwMin"),
        row.GetDouble("LimitKwMax"),
        row.GetDouble("EnergyKwh") ?? 0,
        row.GetDouble("MaxKw") ?? 0,
        row.GetDateTimeOffset("Reported"),
        row.GetBoolean("Complete") ?? false);

    /// <summary>The API's view of a version row.</summary>
    public static HistoryVersionRecord ReadVersion(TableEntity row) => new(
        row.GetInt64("Version") ?? 0,
        row.GetDateTimeOffset("At")!.Value,
        row.GetString("Reason"),
        row.GetDateTimeOffset("AppliedAt"));
}

/// <summary>One report period in a site's history.</summary>
/// <param name="PeriodStart">Start (inclusive, UTC).</param>
/// <param name="PeriodEnd">End (exclusive).</param>
/// <param name="LimitKwMin">The lowest limit in force over the period; null when none was.</param>
/// <param name="LimitKwMax">The highest limit in force over the period.</param>
/// <param name="EnergyKwh">The energy reported.</param>
/// <param name="MaxKw">The maximum load reported.</param>
/// <param name="Reported">When the CP accepted the report.</param>
/// <param name="Complete">False when reported at the end of its wait with a charger's data missing.</param>
public sealed record HistoryPeriodRecord(
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    double? LimitKwMin,
    double? LimitKwMax,
    double EnergyKwh,
    double MaxKw,
    DateTimeOffset? Reported,
    bool Complete);

/// <summary>One limit version in a site's history.</summary>
/// <param name="Version">The version number.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="Reason">Why (<c>forecast</c>, <c>fallback</c>, <c>base_doe</c>, <c>emergency_stop</c>, <c>operator</c>).</param>
/// <param name="AppliedAt">When the CSMS confirmed it applied; null when it did not (yet).</param>
public sealed record HistoryVersionRecord(long Version, DateTimeOffset IssuedAt, string? Reason, DateTimeOffset? AppliedAt);
