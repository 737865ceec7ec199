namespace OscpFleet.Oscp.Reporting;

/// <summary>One closed measurement period of a site, as it is reported to a capacity provider.</summary>
/// <param name="Start">Period start (inclusive, UTC, aligned).</param>
/// <param name="End">Period end (exclusive).</param>
/// <param name="EnergyWh">Energy the site used in the period, in Wh (per-period, INTERMITTENT-style readings).</param>
/// <param name="MaxLoadW">Highest site load seen in the period, in W.</param>
/// <param name="RegisterWh">
/// The site's virtual cumulative import register after this period, in Wh: the sum of every reported
/// period's energy since the site started reporting, this one included (CONTINUOUS readings).
/// </param>
/// <param name="Complete">False when it was reported at the end of its wait with a charger's data still missing.</param>
public sealed record PeriodReport(DateTimeOffset Start, DateTimeOffset End, double EnergyWh, double MaxLoadW, double RegisterWh, bool Complete = true);
