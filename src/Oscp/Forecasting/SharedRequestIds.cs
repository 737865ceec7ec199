using System.Collections.Immutable;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// Schedules and timelines read back from stored JSON get one string per entry for the request id, although every entry
/// of one forecast names the same request: these helpers give equal ids one instance, and a schedule the compact form
/// of <see cref="CompactSchedule"/>.
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

    public static ImmutableArray<TimelineBlock> Compact(ImmutableArray<TimelineBlock> blocks)
    {
        if (blocks.IsDefaultOrEmpty) return blocks;
        ImmutableArray<TimelineBlock>.Builder? changed = null;
        var ids = new List<string>(4);
        for (var i = 0; i < blocks.Length; i++)
        {
            var block = blocks[i];
            var shared = Share(ids, block.RequestId);
            if (!ReferenceEquals(shared, block.RequestId))
            {
                if (changed is null)
                {
                    changed = ImmutableArray.CreateBuilder<TimelineBlock>(blocks.Length);
                    for (var j = 0; j < i; j++) changed.Add(blocks[j]);
                }

                changed.Add(block with { RequestId = shared });
            }
            else
            {
                changed?.Add(block);
            }
        }

        return changed is null ? blocks : changed.MoveToImmutable();
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
