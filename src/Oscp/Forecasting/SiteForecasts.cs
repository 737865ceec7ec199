using System.Collections.Immutable;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// All forecast timelines of one site (one OSCP group), one per (forecast type, phase).
/// Immutable; persisted in the site grain's state with System.Text.Json, hence a flat list of
/// small records rather than a dictionary keyed by a tuple.
/// </summary>
/// <remarks>
/// <c>UNKNOWN</c> phase is stored as <c>ALL</c>, so that an <c>UNKNOWN</c> forecast and an
/// <c>ALL</c> forecast replace each other per instant instead of living side by side. Per-phase
/// series (<c>ONE</c>/<c>TWO</c>/<c>THREE</c>) are kept apart from <c>ALL</c>; see
/// <see cref="LimitInForce"/> for how they combine.
/// </remarks>
public sealed record SiteForecasts(ImmutableArray<ForecastSeries> Series)
{
    /// <summary>The timelines, sorted by type then phase, at most one per pair.</summary>
    public ImmutableArray<ForecastSeries> Series { get; init; } = Series.IsDefault ? [] : Series;

    /// <summary>A site with no forecasts.</summary>
    public static SiteForecasts Empty { get; } = new(ImmutableArray<ForecastSeries>.Empty);

    /// <summary>
    /// Merges one UpdateGroupCapacityForecast message ("newest wins per instant", see
    /// <see cref="ForecastTimeline.Merge"/>), converting every block to kW first.
    /// </summary>
    /// <param name="type">The message's forecast type.</param>
    /// <param name="blocks">The message's blocks; may mix phases.</param>
    /// <param name="connection">Used to convert <c>A</c> blocks to kW.</param>
    /// <param name="requestId">The inbound <c>X-Request-ID</c>, kept on every block.</param>
    public SiteForecasts Apply(CapacityForecastType type, IEnumerable<ForecastedBlock> blocks, ElectricalConnection connection, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(connection);
        var series = Series.ToBuilder();
        foreach (var group in blocks.GroupBy(b => StoredPhase(b.Phase)))
        {
            var newer = group
                .Select(b => new TimelineBlock(b.StartTime.ToUniversalTime(), b.EndTime.ToUniversalTime(), CapacityUnits.ToKw(b, connection), requestId))
                .ToList();
            var index = IndexOf(series, type, group.Key);
            if (index >= 0)
            {
                series[index] = series[index] with { Timeline = series[index].Timeline.Merge(newer) };
            }
            else
            {
                series.Add(new ForecastSeries(type, group.Key, ForecastTimeline.Empty.Merge(newer)));
            }
        }

        // Keep a canonical order so equal contents compare (and serialise) equal.
        series.Sort(static (x, y) => x.Type != y.Type ? x.Type.CompareTo(y.Type) : x.Phase.CompareTo(y.Phase));
        return new SiteForecasts(series.ToImmutable());
    }

    /// <summary>The timeline for <paramref name="type"/> and <paramref name="phase"/> (<c>UNKNOWN</c> reads <c>ALL</c>); empty when none was received.</summary>
    public ForecastTimeline Timeline(CapacityForecastType type, PhaseIndicator phase)
    {
        var index = IndexOf(Series, type, StoredPhase(phase));
        return index >= 0 ? Series[index].Timeline : ForecastTimeline.Empty;
    }

    /// <summary>Drops every block that ended at or before <paramref name="t"/>, and series left empty.</summary>
    public SiteForecasts PruneBefore(DateTimeOffset t)
    {
        var pruned = Series
            .Select(s => s with { Timeline = s.Timeline.PruneBefore(t) })
            .Where(s => s.Timeline.Blocks.Count > 0)
            .ToImmutableArray();
        return new SiteForecasts(pruned);
    }

    /// <summary>Value equality over the series (records compare arrays by reference otherwise).</summary>
    public bool Equals(SiteForecasts? other) => other is not null && Series.SequenceEqual(other.Series);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var series in Series)
        {
            hash.Add(series);
        }

        return hash.ToHashCode();
    }

    private static PhaseIndicator StoredPhase(PhaseIndicator phase) => CapacityUnits.IsWholeSite(phase) ? PhaseIndicator.All : phase;

    private static int IndexOf(IReadOnlyList<ForecastSeries> series, CapacityForecastType type, PhaseIndicator phase)
    {
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Type == type && series[i].Phase == phase)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The request ids of every block still held, so per-request bookkeeping can be pruned with the blocks.</summary>
    public IReadOnlySet<string> RequestIds() =>
        Series.SelectMany(series => series.Timeline.Blocks).Select(block => block.RequestId).OfType<string>().ToHashSet(StringComparer.Ordinal);
}
