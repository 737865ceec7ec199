namespace OscpFleet.Oscp.Forecasting;

/// <summary>One interval of a limit schedule: a constant limit over [<paramref name="Start"/>, <paramref name="End"/>).</summary>
/// <param name="Start">Inclusive start.</param>
/// <param name="End">Exclusive end.</param>
/// <param name="Kw">The limit in kW.</param>
/// <param name="Source">Which rule produced it.</param>
/// <param name="RequestId">The forecast's <c>X-Request-ID</c>; null for the base DOE.</param>
public sealed record ScheduledLimit(DateTimeOffset Start, DateTimeOffset End, double Kw, LimitSource Source, string? RequestId)
{
    /// <summary>The limit this interval holds, as an <see cref="EffectiveLimit"/>.</summary>
    public EffectiveLimit Limit() => new(Kw, Source, RequestId);
}
