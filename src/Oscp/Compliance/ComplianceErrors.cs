using System.Globalization;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Compliance;

/// <summary>
/// Builds GroupCapacityComplianceError messages (docs/protocol.md, "Compliance error body" and
/// "Capacity requests and compliance errors"). The message carries no group
/// id, so the text names the site; the blocks are in kW for all phases. Numbers are written in the
/// invariant culture and times as UTC <c>Z</c>.
/// </summary>
public static class ComplianceErrors
{
    /// <summary>
    /// A measured breach, e.g. <c>site BUS_AUK_1: load 130.2 kW at 2026-11-26T12:03:10Z exceeded the
    /// limit of 120 kW (forecast) by 8.5 %</c> (by the excess in kW when the limit is 0), with the
    /// schedule entry whose limit was broken as the one block.
    /// </summary>
    /// <param name="groupId">The site's group id.</param>
    /// <param name="breach">The breach.</param>
    /// <exception cref="ArgumentException">The group id is blank.</exception>
    public static GroupCapacityComplianceError ForBreach(string groupId, Breach breach)
    {
        EnsureNotBlank(groupId, nameof(groupId));
        ArgumentNullException.ThrowIfNull(breach);
        var limit = breach.Limit;
        var excess = limit.Kw > 0
            ? Number((breach.LoadKw - limit.Kw) / limit.Kw * 100, "0.#") + " %"
            : Number(breach.LoadKw - limit.Kw, "0.###") + " kW";
        var message = $"site {groupId}: load {Number(breach.LoadKw, "0.###")} kW at {Rfc3339.Format(breach.At)} "
            + $"exceeded the limit of {Number(limit.Kw, "0.###")} kW ({SourceName(limit.Source)}) by {excess}";
        return new GroupCapacityComplianceError(message, [Block(limit.Kw, limit.BlockStart, limit.BlockEnd)]);
    }

    /// <summary>
    /// An error reported by the operator or the charging management system: the message
    /// <c>site &lt;groupId&gt;: &lt;message&gt;</c>, with the schedule entries overlapping
    /// [<paramref name="from"/>, <paramref name="to"/>) clipped to it as blocks (one per entry, so
    /// consecutive entries stay separate); no blocks when none overlaps.
    /// </summary>
    /// <param name="groupId">The site's group id.</param>
    /// <param name="message">What cannot be complied with.</param>
    /// <param name="from">Start of the period concerned (inclusive).</param>
    /// <param name="to">End of the period concerned (exclusive).</param>
    /// <param name="schedule">The site's limit schedule.</param>
    /// <exception cref="ArgumentException">The group id or message is blank, or <paramref name="to"/> is not after <paramref name="from"/>.</exception>
    public static GroupCapacityComplianceError ForReport(string groupId, string message, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<ScheduledLimit> schedule)
    {
        EnsureNotBlank(groupId, nameof(groupId));
        EnsureNotBlank(message, nameof(message));
        ArgumentNullException.ThrowIfNull(schedule);
        if (to <= from)
        {
            throw new ArgumentException($"The period must end after it starts ({Rfc3339.Format(from)} to {Rfc3339.Format(to)}).", nameof(to));
        }

        var blocks = schedule
            .Where(entry => entry.Start < to && entry.End > from)
            .OrderBy(entry => entry.Start)
            .Select(entry => Block(entry.Kw, entry.Start > from ? entry.Start : from, entry.End < to ? entry.End : to))
            .ToList();
        return new GroupCapacityComplianceError($"site {groupId}: {message}", blocks.Count == 0 ? null : blocks);
    }

    /// <summary>How a limit's source reads in a message.</summary>
    internal static string SourceName(LimitSource source) => source switch
    {
        LimitSource.Forecast => "forecast",
        LimitSource.Fallback => "fallback",
        LimitSource.BaseDoe => "base DOE",
        _ => source.ToString(),
    };

    private static ForecastedBlock Block(double kw, DateTimeOffset start, DateTimeOffset end) =>
        new(kw, PhaseIndicator.All, ForecastedBlockUnit.Kw, start.ToUniversalTime(), end.ToUniversalTime());

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void EnsureNotBlank(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("A non-blank value is required.", name);
        }
    }
}
