using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// The rule that decides a site's import limit at an instant (docs/protocol.md, "The limit at an instant";
/// docs/decisions.md, "Limits and grid safety"). Its one promise: losing the connection to the grid operator only ever
/// lowers a limit.
/// </summary>
public static class LimitInForce
{
    /// <summary>Phase count assumed when combining per-phase limits, unless the caller passes its connection's.</summary>
    public const int DefaultPhaseCount = 3;

    private static readonly PhaseIndicator[] SinglePhases = [PhaseIndicator.One, PhaseIndicator.Two, PhaseIndicator.Three];

    /// <summary>
    /// The limit in force at <paramref name="t"/>.
    /// <list type="bullet">
    /// <item>Connection live: the <c>CONSUMPTION</c> forecast covering t; where none does, the
    /// <c>FALLBACK_CONSUMPTION</c> forecast covering t; else the base DOE.</item>
    /// <item>Connection lost: the lower of the <c>CONSUMPTION</c> forecast covering t and the fallback (the
    /// <c>FALLBACK_CONSUMPTION</c> covering t, else the base DOE); where no <c>CONSUMPTION</c> block covers t, the fallback
    /// alone. So an all-zero emergency profile stays in force while its blocks cover t, and a fallback higher than the
    /// grid operator's last forecast is never used.</item>
    /// </list>
    /// The result is capped by <paramref name="contractMaxKw"/> and is never negative; a value that is not a finite
    /// number (which validation refuses upstream) reads as 0, the safe side.
    /// </summary>
    /// <remarks>
    /// Phases: per-phase blocks (<c>ONE</c>/<c>TWO</c>/<c>THREE</c>) of one forecast type give <paramref name="phaseCount"/> ×
    /// the tightest covering phase (chargers draw roughly balanced current, so the tightest phase bounds every phase).
    /// When a whole-site block (<c>ALL</c>, or <c>UNKNOWN</c> read as <c>ALL</c>) covers t as well, the lower of the two
    /// binds. The request id is that of the binding block (the whole-site block on a tie).
    /// On a tie between the forecast and the fallback while the connection is lost, the forecast is named (its request id
    /// stays the one compliance errors correlate to, and an emergency stop keeps its label).
    /// </remarks>
    /// <param name="forecasts">The site's forecasts.</param>
    /// <param name="t">The instant.</param>
    /// <param name="connectionLost">Whether the connection counts as lost for limits (see <c>ConnectionRules.LimitsLost</c>).</param>
    /// <param name="baseDoeKw">The base DOE at t, in kW.</param>
    /// <param name="contractMaxKw">The contract maximum in kW; caps every result.</param>
    /// <param name="phaseCount">Phases of the site's connection (3 unless it is single- or two-phase).</param>
    public static EffectiveLimit At(
        SiteForecasts forecasts,
        DateTimeOffset t,
        bool connectionLost,
        double baseDoeKw,
        double contractMaxKw,
        int phaseCount = DefaultPhaseCount)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentOutOfRangeException.ThrowIfLessThan(phaseCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(phaseCount, 3);

        var consumption = Covering(forecasts, CapacityForecastType.Consumption, t, phaseCount, LimitSource.Forecast);
        var limit = consumption;
        if (limit is null || connectionLost)
        {
            var fallback = Covering(forecasts, CapacityForecastType.FallbackConsumption, t, phaseCount, LimitSource.Fallback)
                ?? new EffectiveLimit(baseDoeKw, LimitSource.BaseDoe, null);
            limit = limit is null || Safe(fallback.Kw) < Safe(limit.Kw) ? fallback : limit;
        }

        var kw = Math.Min(Safe(limit.Kw), Safe(contractMaxKw));
        return kw.Equals(limit.Kw) ? limit : limit with { Kw = kw };
    }

    /// <summary>Every timeline whose block boundaries can change the limit (used to split schedules).</summary>
    internal static IEnumerable<ForecastTimeline> RelevantTimelines(SiteForecasts forecasts) =>
        from type in new[] { CapacityForecastType.Consumption, CapacityForecastType.FallbackConsumption }
        from phase in new[] { PhaseIndicator.All, PhaseIndicator.One, PhaseIndicator.Two, PhaseIndicator.Three }
        select forecasts.Timeline(type, phase);

    /// <summary>A kW value as the limit may use it: never negative, and 0 for anything that is not a finite number.</summary>
    private static double Safe(double kw) => double.IsFinite(kw) && kw > 0 ? kw : 0;

    private static EffectiveLimit? Covering(SiteForecasts forecasts, CapacityForecastType type, DateTimeOffset t, int phaseCount, LimitSource source)
    {
        var whole = forecasts.Timeline(type, PhaseIndicator.All).At(t);
        TimelineBlock? tightest = null;
        foreach (var phase in SinglePhases)
        {
            if (forecasts.Timeline(type, phase).At(t) is { } block && (tightest is not { } kept || Safe(block.Kw) < Safe(kept.Kw)))
            {
                tightest = block;
            }
        }

        var perPhase = tightest is { } binding ? new EffectiveLimit(phaseCount * Safe(binding.Kw), source, binding.RequestId) : null;
        if (whole is not { } wholeBlock) return perPhase;
        var site = new EffectiveLimit(Safe(wholeBlock.Kw), source, wholeBlock.RequestId);
        return perPhase is not null && perPhase.Kw < site.Kw ? perPhase : site;
    }
}
