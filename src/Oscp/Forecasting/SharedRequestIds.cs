namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// Schedules and timelines read back from stored JSON get one string per entry for the request id, although every entry
/// of one forecast names the same request: these helpers give equal ids one instance, and a schedule the compact form
/// of <see cref="CompactSchedule"/> (a timeline's is <see cref="CompactTimeline"/>).
/// </summary>
public static class SharedRequestIds
{
    /// <summary>The schedule held as runs (<see cref="CompactSchedule"/>), equal request ids sharing one string.</summary>
    /// <param name="schedule">A schedule, as built or as read from JSON.</param>
    public static IReadOnlyList<ScheduledLimit> Compact(IReadOnlyList<ScheduledLimit> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // Held as runs, request ids shared (built in this process, read from storage, or already compact).
        return schedule as CompactSchedule ?? CompactSchedule.Of(schedule);
    }

    /// <summary>The instance of <paramref name="id"/> already in <paramref name="ids"/>, else <paramref name="id"/> (then added).</summary>
    internal static string? Share(List<string> ids, string? id)
    {
        if (id is null) return null;
        foreach (var seen in ids)
        {
            if (string.Equals(seen, id, StringComparison.Ordinal)) return seen;
        }

        ids.Add(id);
        return id;
    }
}
