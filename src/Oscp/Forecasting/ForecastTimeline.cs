using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// The kW values of one forecast series — one group, forecast type and phase — over time:
/// blocks sorted by start, never overlapping, each remembering the request that delivered it.
/// Immutable; every operation returns a new timeline. Build it from <see cref="Empty"/> with
/// <see cref="Merge"/>; the constructor exists for System.Text.Json.
/// </summary>
/// <remarks>
/// Adjacent blocks with the same value <em>and</em> the same request id are coalesced into one,
/// which keeps state small under rolling 96-block forecasts. Blocks from different requests are
/// never coalesced, because a compliance error must name the request its limit came from.
/// </remarks>
public sealed record ForecastTimeline
{
    private readonly CompactTimeline blocks = CompactTimeline.Empty;

    /// <summary>A timeline of <paramref name="Blocks"/>: sorted by start, never overlapping (none when null).</summary>
    /// <param name="Blocks">The blocks; held as runs (<see cref="CompactTimeline"/>).</param>
    [JsonConstructor]
    public ForecastTimeline(IReadOnlyList<TimelineBlock>? Blocks) => this.Blocks = Blocks!;

    /// <summary>
    /// The blocks, sorted by start, non-overlapping; held and stored as runs (<see cref="CompactTimeline"/>,
    /// <see cref="TimelineRunsJsonConverter"/>), with equal request ids sharing one string.
    /// </summary>
    [JsonConverter(typeof(TimelineRunsJsonConverter))]
    public IReadOnlyList<TimelineBlock> Blocks
    {
        get => blocks;
        // A missing property in stored JSON yields null: normalised, so callers never see it.
        init => blocks = value is null ? CompactTimeline.Empty : CompactTimeline.Of(value);
    }

    /// <summary>A timeline with no data.</summary>
    public static ForecastTimeline Empty { get; } = new(CompactTimeline.Empty);

    /// <summary>
    /// Overlays a newer forecast, "newest wins per instant": every instant covered by a block of
    /// <paramref name="newer"/> takes that block's value; older blocks are cut (split in two if need
    /// be) around the newer ones; instants the newer forecast does not cover keep the older data,
    /// including gaps inside the newer forecast's overall span.
    /// </summary>
    /// <remarks>
    /// Should blocks of <paramref name="newer"/> overlap each other, the later one in sequence wins
    /// on the overlap, as if they had arrived one by one. Zero-length blocks cover no instant and
    /// are ignored.
    /// </remarks>
    /// <exception cref="ArgumentException">A block ends before it starts.</exception>
    public ForecastTimeline Merge(IEnumerable<TimelineBlock> newer)
    {
        ArgumentNullException.ThrowIfNull(newer);
        var incoming = TimelineOverlay.Flatten(newer);
        if (incoming.Count == 0)
        {
            return this;
        }

        var merged = new List<TimelineBlock>(Blocks.Count + incoming.Count);
        merged.AddRange(incoming);
        foreach (var older in Blocks)
        {
            merged.AddRange(TimelineOverlay.Subtract(older, incoming));
        }

        merged.Sort(static (x, y) => x.Start.CompareTo(y.Start));
        return new ForecastTimeline(TimelineOverlay.Coalesce(merged));
    }

    /// <summary>The block covering <paramref name="t"/> (half-open [start, end)), or null when there is none.</summary>
    public TimelineBlock? At(DateTimeOffset t)
    {
        // Binary search for the last block starting at or before t; only it can cover t.
        int lo = 0, hi = Blocks.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Blocks[mid].Start <= t)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && Blocks[found].Covers(t) ? Blocks[found] : null;
    }

    /// <summary>
    /// Drops blocks that ended at or before <paramref name="t"/>, so state stays bounded. A block
    /// that still covers <paramref name="t"/> is kept whole.
    /// </summary>
    public ForecastTimeline PruneBefore(DateTimeOffset t)
    {
        var ended = 0;
        foreach (var block in Blocks)
        {
            if (block.End <= t) ended++;
        }

        return ended == 0 ? this : new ForecastTimeline(Blocks.Where(b => b.End > t).ToArray());
    }

    /// <summary>Value equality over the blocks (records compare arrays by reference otherwise).</summary>
    public bool Equals(ForecastTimeline? other) => other is not null && Blocks.SequenceEqual(other.Blocks);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var block in Blocks)
        {
            hash.Add(block);
        }

        return hash.ToHashCode();
    }
}
