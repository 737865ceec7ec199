using OscpFleet.Oscp.Metering;

namespace OscpFleet.Oscp.Tests.Metering;

/// <summary>Shorthands for metering tests: a site whose open period starts at 10:00 UTC.</summary>
internal static class Meter
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Quarter = MeteringPeriods.QuarterHour;

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    public static MeterSample Sample(string charger, double minutes, double energyWh, double powerW = 0) => new(charger, At(minutes), energyWh, powerW);

    public static SiteMeterState Fresh() => SiteMeterState.StartingAt(T0, Quarter);

    public static SiteMeterState Feed(this SiteMeterState state, params MeterSample[] samples) => MeterAggregation.Accept(state, samples).State;

    public static PeriodClosing CloseAt(this SiteMeterState state, double minutes, TimeSpan? stale = null) =>
        MeterAggregation.CloseThrough(state, At(minutes), Quarter, stale);
}
