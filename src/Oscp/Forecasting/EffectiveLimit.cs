namespace OscpFleet.Oscp.Forecasting;

/// <summary>The site's import limit in force at one instant.</summary>
/// <param name="Kw">The limit in kW, never above the contract maximum; 0 means stop charging.</param>
/// <param name="Source">Which rule produced it.</param>
/// <param name="RequestId">The <c>X-Request-ID</c> of the forecast it came from, for compliance errors; null for the base DOE.</param>
public sealed record EffectiveLimit(double Kw, LimitSource Source, string? RequestId);
