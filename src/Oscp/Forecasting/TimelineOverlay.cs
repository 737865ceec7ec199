
namespace OscpFleet.Oscp.Forecasting;

/// <summary>The interval arithmetic behind <see cref="ForecastTimeline.Merge"/>.</summary>
internal static class TimelineOverlay
{
    /// <summary>
    /// Turns one forecast's blocks into a sorted, non-overlapping list where a later block wins
    /// over an earlier one it overlaps.
    /// </summary>
    public static List<TimelineBlock> Flatten(IEnumerable<TimelineBlock> blocks)
    {
        var flat = new List<TimelineBlock>();
        foreach (var block in blocks)
        {
            if (block.End < block.Start)
            {
                throw new ArgumentException($"Block ends ({block.End:O}) before it starts ({block.Start:O}).", nameof(blocks));
            }

            if (block.End == block.Start)
            {
                continue;
            }

            // Forecasts normally arrive sorted and contiguous: appending is the common, cheap case.
            if (flat.Count == 0 || flat[^1].End <= block.Start)
            {
                flat.Add(block);
                continue;
            }

            var cover = new[] { block };
            var rebuilt = new List<TimelineBlock>(flat.Count + 2);
            foreach (var earlier in flat)
            {
                rebuilt.AddRange(Subtract(earlier, cover));
            }

            rebuilt.Add(block);
            rebuilt.Sort(static (x, y) => x.Start.CompareTo(y.Start));
            flat = rebuilt;
        }

        return flat;
    }

    /// <summary>
    /// The parts of <paramref name="older"/> not covered by <paramref name="cover"/> (sorted,
    /// non-overlapping): zero, one or several pieces, in time order.
    /// </summary>
    public static IEnumerable<TimelineBlock> Subtract(TimelineBlock older, IReadOnlyList<TimelineBlock> cover)
    {
        var start = older.Start;
        foreach (var newer in cover)
        {
            if (newer.End <= start)
            {
                continue;
            }

            if (newer.Start >= older.End)
            {
                break;
            }

            if (newer.Start > start)
            {
                yield return older with { Start = start, End = newer.Start };
            }

            start = newer.End;
            if (start >= older.End)
            {
                yield break;
            }
        }

        yield return start == older.Start ? older : older with { Start = start };
    }

    /// <summary>Joins touching neighbours with equal value and request id.</summary>
    public static List<TimelineBlock> Coalesce(List<TimelineBlock> sorted)
    {
        var result = new List<TimelineBlock>(sorted.Count);
        foreach (var block in sorted)
        {
            if (result.Count > 0
                && result[^1].End == block.Start
                && result[^1].Kw.Equals(block.Kw)
                && string.Equals(result[^1].RequestId, block.RequestId, StringComparison.Ordinal))
            {
                result[^1] = result[^1] with { End = block.End };
            }
            else
            {
                result.Add(block);
            }
        }

        return result;
    }
}
