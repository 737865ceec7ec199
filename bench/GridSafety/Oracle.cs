using OscpFleet.Oscp.Wire;

namespace OscpFleet.Bench.GridSafety;

/// <summary>
/// The grid-safety rule, re-implemented in the benchmark from what it sent (it never calls the product's
/// <c>LimitInForce</c>), and the check of every commanded minute against it.
/// <list type="bullet">
/// <item>Per forecast type and phase (ALL, ONE, TWO, THREE), the newest accepted forecast with a block covering t
/// gives that phase's value ("newest wins per instant", in the order the gateway accepted them).</item>
/// <item>A type's value at t: min(ALL, 3 × the tightest per-phase value) when both cover t, else whichever does.</item>
/// <item>Live: CONSUMPTION, else FALLBACK_CONSUMPTION, else the base DOE. Lost: min(CONSUMPTION, FALLBACK_CONSUMPTION
/// else base DOE); the fallback (or base) alone where no CONSUMPTION covers t.</item>
/// <item>Capped by the site's <c>maxImportKw</c>, never negative.</item>
/// </list>
/// </summary>
internal sealed class Oracle(IReadOnlyList<SiteSetup> sites)
{
    /// <summary>A commanded limit above the rule by more than this is a violation.</summary>
    public const double Tolerance = 1e-6;

    private static readonly PhaseIndicator[] SinglePhases = [PhaseIndicator.One, PhaseIndicator.Two, PhaseIndicator.Three];

    private readonly Dictionary<string, SiteSetup> setups = sites.ToDictionary(s => s.GroupId, StringComparer.Ordinal);
    private readonly Dictionary<string, List<AcceptedForecast>> forecasts = sites.ToDictionary(s => s.GroupId, _ => new List<AcceptedForecast>(), StringComparer.Ordinal);

    /// <summary>Records a forecast the gateway answered 204.</summary>
    public void Accepted(AcceptedForecast forecast) => forecasts[forecast.GroupId].Add(forecast);

    /// <summary>The forecasts accepted for a site, oldest first.</summary>
    public IReadOnlyList<AcceptedForecast> Forecasts(string groupId) => forecasts[groupId];

    /// <summary>The rule's limit for <paramref name="groupId"/> at <paramref name="t"/>.</summary>
    public RuleLimit At(string groupId, DateTimeOffset t, bool lost)
    {
        var setup = setups[groupId];
        var known = forecasts[groupId];
        var consumption = Covering(known, CapacityForecastType.Consumption, t);
        var fallbackOrBase = Covering(known, CapacityForecastType.FallbackConsumption, t) ?? Safe(setup.BaseDoeAt(t));
        var live = consumption ?? fallbackOrBase;
        var kw = !lost ? live : consumption is { } c ? Math.Min(c, fallbackOrBase) : fallbackOrBase;
        return new RuleLimit(Cap(kw, setup), Cap(fallbackOrBase, setup), Cap(live, setup));
    }

    private static double Cap(double kw, SiteSetup setup) => Math.Min(Safe(kw), setup.MaxImportKw);

    private static double Safe(double kw) => double.IsFinite(kw) && kw > 0 ? kw : 0;

    private static double? Covering(List<AcceptedForecast> known, CapacityForecastType type, DateTimeOffset t)
    {
        double? whole = Newest(known, type, PhaseIndicator.All, t);
        double? tightest = null;
        foreach (var phase in SinglePhases)
        {
            if (Newest(known, type, phase, t) is { } kw && (tightest is null || Safe(kw) < tightest)) tightest = Safe(kw);
        }
        double? perPhase = tightest * SiteSetup.Phases;
        if (whole is null) return perPhase;
        return perPhase is { } p && p < Safe(whole.Value) ? p : Safe(whole.Value);
    }

    private static double? Newest(List<AcceptedForecast> known, CapacityForecastType type, PhaseIndicator phase, DateTimeOffset t)
    {
        for (var i = known.Count - 1; i >= 0; i--)
        {
            var forecast = known[i];
            if (forecast.Type != type || forecast.At > t) continue;
            foreach (var block in forecast.Blocks)
            {
                if (block.Phase == phase && block.Covers(t)) return block.Kw;
            }
        }
        return null;
    }
}

/// <summary>The rule at an instant: the limit, the fallback (or base DOE) and the live limit, each capped.</summary>
internal sealed record RuleLimit(double Kw, double FallbackOrBaseKw, double LiveKw);
