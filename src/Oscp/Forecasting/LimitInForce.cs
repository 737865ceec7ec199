using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// The rule that decides a site's import limit at an instant (architecture: SiteGrain, OSCP 2.0 §5.5–5.6).
/// </summary>
public static class LimitInForce
{
    /// <summary>Phase count assumed when combining per-phase limits, unless the caller passes its connection's.</summary>
    public const int DefaultPhaseCount = 3;

    private static readonly PhaseIndicator[] SinglePhases = [PhaseIndicator.One, PhaseIndicator.Two, PhaseIndicator.Three];

    /// <summary>
    /// The limit in force at <paramref name="t"/>:
    /// peer online → the <c>CONSUMPTION</c> block covering t; offline, or no covering
    /// <c>CONSUMPTION</c> block → the <c>FALLBACK_CONSUMPTION</c> block covering t; else the base
    /// DOE. The result is never above <paramref name="contractMaxKw"/>.
    /// </summary>
    /// <remarks>
    /// Phases: a whole-site block (<c>ALL</c>, or <c>UNKNOWN</c> read as <c>ALL</c>) wins. If only
    /// per-phase blocks (<c>ONE</c>/<c>TWO</c>/<c>THREE</c>) cover t, the site limit is
    /// <paramref name="phaseCount"/> × the smallest covering per-phase value: chargers draw
    /// roughly balanced current, so the tightest phase bounds every phase — conservative, never
    /// above any single phase's limit. The request id is that of the tightest block.
    /// </remarks>
    /// <param name="forecasts">The site's forecasts.</param>
    /// <param name="t">The instant.</param>
    /// <param name="peerOnline">Whether the OSCP connection to the grid operator is online.</param>
    /// <param name="baseDoeKw">The base DOE at t, in kW.</param>
    /// <param name="contractMaxKw">The contract maximum in kW; caps every result.</param>
    /// <param name="phaseCount">Phases of the site's connection (3 unless it is single- or two-phase).</param>
    public static EffectiveLimit At(
        SiteForecasts forecasts,
        DateTimeOffset t,
        bool peerOnline,
        double baseDoeKw,
        double contractMaxKw,
        int phaseCount = DefaultPhaseCount)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentOutOfRangeException.ThrowIfLessThan(phaseCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(phaseCount, 3);

        var limit = (peerOnline ? Covering(forecasts, CapacityForecastType.Consumption, t, phaseCount, LimitSource.Forecast) : null)
            ?? Covering(forecasts, CapacityForecastType.FallbackConsumption, t, phaseCount, LimitSource.Fallback)
            ?? new EffectiveLimit(baseDoeKw, LimitSource.BaseDoe, null);
        return limit.Kw > contractMaxKw ? limit with { Kw = contractMaxKw } : limit;
    }

    /// <summary>Every timeline whose block boundaries can change the limit (used to split schedules).</summary>
    internal static IEnumerable<ForecastTimeline> RelevantTimelines(SiteForecasts forecasts) =>
        from type in new[] { CapacityForecastType.Consumption, CapacityForecastType.FallbackConsumption }
        from phase in new[] { PhaseIndicator.All, PhaseIndicator.One, PhaseIndicator.Two, PhaseIndicator.Three }
        select forecasts.Timeline(type, phase);

    private static EffectiveLimit? Covering(SiteForecasts forecasts, CapacityForecastType type, DateTimeOffset t, int phaseCount, LimitSource source)
    {
        if (forecasts.Timeline(type, PhaseIndicator.All).At(t) is { } whole)
        {
            return new EffectiveLimit(whole.Kw, source, whole.RequestId);
        }

        TimelineBlock? tightest = null;
        foreach (var phase in SinglePhases)
        {
            if (forecasts.Timeline(type, phase).At(t) is { } block && (tightest is null || block.Kw < tightest.Kw))
            {
                tightest = block;
            }
        }

        return tightest is null ? null : new EffectiveLimit(phaseCount * tightest.Kw, source, tightest.RequestId);
    }
}
