namespace OscpFleet.Oscp.Metering;

/// <summary>What <see cref="MeterAggregation.CloseThrough"/> produced; deconstructs as <c>(state, periods)</c>.</summary>
/// <param name="State">The new state, its open period starting where the last closed one ended.</param>
/// <param name="Periods">Every period closed, in time order; empty when none was due.</param>
public sealed record PeriodClosing(SiteMeterState State, IReadOnlyList<ClosedPeriod> Periods);
