namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// A constant power value over the half-open interval [<paramref name="Start"/>, <paramref name="End"/>).
/// </summary>
/// <param name="Start">Inclusive start (UTC).</param>
/// <param name="End">Exclusive end (UTC); consecutive blocks share this instant.</param>
/// <param name="Kw">The value in kW, already normalised from the forecast's unit.</param>
/// <param name="RequestId">
/// The inbound <c>X-Request-ID</c> of the forecast this block came from, kept so that a later
/// GroupCapacityComplianceError can correlate to it.
/// </param>
public sealed record TimelineBlock(DateTimeOffset Start, DateTimeOffset End, double Kw, string? RequestId)
{
    /// <summary>True when <paramref name="t"/> lies in [Start, End).</summary>
    public bool Covers(DateTimeOffset t) => Start <= t && t < End;
}
