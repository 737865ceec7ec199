namespace OscpFleet.Oscp.Limits;

/// <summary>
/// One entry of a site's base DOE: from local time of day <paramref name="From"/> on, the site may
/// import <paramref name="Kw"/> until the next entry's time (the latest entry carries over midnight).
/// </summary>
/// <param name="From">Local time of day, <c>HH:mm</c> (00:00 to 23:59).</param>
/// <param name="Kw">The limit in kW, at least 0.</param>
public sealed record BaseDoeEntry(string From, double Kw);
