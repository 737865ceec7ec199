namespace OscpFleet.Oscp.Metering;

/// <summary>The aggregate of one closed measurement period of a site, ready to report.</summary>
/// <param name="Start">Period start (inclusive, UTC, aligned).</param>
/// <param name="End">Period end (exclusive).</param>
/// <param name="EnergyWh">
/// Energy attributed to this period, in Wh: the energy the registers show up to <paramref name="End"/>
/// that no earlier period reported — including energy that belongs before <paramref name="Start"/>
/// but only became known during this period (see <see cref="MeterAggregation"/>).
/// </param>
/// <param name="MaxLoadW">Highest site load seen in the period, in W.</param>
/// <param name="SampleCount">Real samples consumed when closing the period (late-arriving ones included).</param>
public sealed record ClosedPeriod(DateTimeOffset Start, DateTimeOffset End, double EnergyWh, double MaxLoadW, int SampleCount);
