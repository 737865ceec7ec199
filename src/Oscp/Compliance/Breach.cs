namespace OscpFleet.Oscp.Compliance;

/// <summary>An instant at which the site's measured load exceeded the limit in force (see <see cref="BreachDetection"/>).</summary>
/// <param name="At">When.</param>
/// <param name="LoadKw">The site load then, in kW.</param>
/// <param name="Limit">The limit in force then.</param>
public sealed record Breach(DateTimeOffset At, double LoadKw, LimitAtInstant Limit);
