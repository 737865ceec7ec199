using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>One entry of <see cref="SiteForecasts"/>: the timeline for a forecast type and phase.</summary>
/// <param name="Type">The forecast type, e.g. <c>CONSUMPTION</c> or <c>FALLBACK_CONSUMPTION</c>.</param>
/// <param name="Phase">The phase; never <c>UNKNOWN</c>, which is stored as <c>ALL</c>.</param>
/// <param name="Timeline">The merged blocks.</param>
public sealed record ForecastSeries(CapacityForecastType Type, PhaseIndicator Phase, ForecastTimeline Timeline);
