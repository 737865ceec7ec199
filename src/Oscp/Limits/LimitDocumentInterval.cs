namespace OscpFleet.Oscp.Limits;

/// <summary>One entry of a limit document's <c>schedule</c>: the site limit over [<paramref name="From"/>, <paramref name="To"/>).</summary>
/// <param name="From">Inclusive start, whole seconds UTC.</param>
/// <param name="To">Exclusive end, whole seconds UTC.</param>
/// <param name="Kw">The site's import limit in kW; 0 means stop charging.</param>
/// <param name="Source">Where the limit comes from.</param>
public sealed record LimitDocumentInterval(DateTimeOffset From, DateTimeOffset To, double Kw, LimitReason Source);
