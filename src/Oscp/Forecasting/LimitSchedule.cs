using System.Collections.Immutable;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// The limits in force over a window, as intervals of constant limit — what the site pushes to
/// the charging management system.
/// </summary>
public static class LimitSchedule
{
    /// <summary>
    /// The schedule for [<paramref name="from"/>, <paramref name="to"/>): split at every forecast
    /// block boundary and every change of the base DOE inside the window, with neighbouring
    /// intervals of equal (kW, source, request id) merged. Each interval's limit is
    /// <see cref="LimitInForce.At"/> at its start.
    /// </summary>
    /// <remarks>
    /// The connection state is taken as constant over the window: when the peer goes on- or
    /// offline the caller rebuilds the schedule. Empty when <paramref name="from"/> ≥ <paramref name="to"/>.
    /// </remarks>
    /// <param name="forecasts">The site's forecasts.</param>
    /// <param name="from">Window start (inclusive).</param>
    /// <param name="to">Window end (exclusive).</param>
    /// <param name="connectionLost">Whether the connection counts as lost for limits, see <see cref="LimitInForce.At"/>.</param>
    /// <param name="baseDoe">
    /// The base DOE at an instant: its value in kW and the instant until which that value holds
    /// (exclusive; must be later than the instant asked for). A constant base DOE answers
    /// <see cref="DateTimeOffset.MaxValue"/>.
    /// </param>
    /// <param name="contractMaxKw">The contract maximum in kW.</param>
    /// <param name="phaseCount">Phases of the site's connection, see <see cref="LimitInForce.At"/>.</param>
    public static ImmutableArray<ScheduledLimit> Build(
        SiteForecasts forecasts,
        DateTimeOffset from,
        DateTimeOffset to,
        bool connectionLost,
        Func<DateTimeOffset, (double Kw, DateTimeOffset ValidUntil)> baseDoe,
        double contractMaxKw,
        int phaseCount = LimitInForce.DefaultPhaseCount)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(baseDoe);
        if (from >= to)
        {
            return [];
        }

        var boundaries = new SortedSet<DateTimeOffset> { to };
        foreach (var block in LimitInForce.RelevantTimelines(forecasts).SelectMany(timeline => timeline.Blocks))
        {
            AddInside(boundaries, block.Start, from, to);
            AddInside(boundaries, block.End, from, to);
        }

        var schedule = new List<ScheduledLimit>();
        var t = from;
        foreach (var boundary in boundaries)
        {
            while (t < boundary)
            {
                var (baseKw, validUntil) = baseDoe(t);
                if (validUntil <= t)
                {
                    throw new InvalidOperationException($"The base DOE at {t:O} must hold until a later instant; it said {validUntil:O}.");
                }

                var next = validUntil < boundary ? validUntil : boundary;
                var limit = LimitInForce.At(forecasts, t, connectionLost, baseKw, contractMaxKw, phaseCount);
                if (schedule.Count > 0 && schedule[^1].Limit() == limit)
                {
                    schedule[^1] = schedule[^1] with { End = next };
                }
                else
                {
                    schedule.Add(new ScheduledLimit(t, next, limit.Kw, limit.Source, limit.RequestId));
                }

                t = next;
            }
        }

        return [.. schedule];
    }

    /// <summary>The schedule for a constant base DOE; see the general overload.</summary>
    public static ImmutableArray<ScheduledLimit> Build(
        SiteForecasts forecasts,
        DateTimeOffset from,
        DateTimeOffset to,
        bool connectionLost,
        double baseDoeKw,
        double contractMaxKw,
        int phaseCount = LimitInForce.DefaultPhaseCount) =>
        Build(forecasts, from, to, connectionLost, _ => (baseDoeKw, DateTimeOffset.MaxValue), contractMaxKw, phaseCount);

    private static void AddInside(SortedSet<DateTimeOffset> boundaries, DateTimeOffset instant, DateTimeOffset from, DateTimeOffset to)
    {
        if (instant > from && instant < to)
        {
            boundaries.Add(instant);
        }
    }
}
