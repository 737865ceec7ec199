using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Tests.Compliance;

/// <summary>Shorthands for compliance tests: times in minutes after 12:00 UTC on 2026-11-26.</summary>
internal static class Limits
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double minutes) => Noon.AddMinutes(minutes);

    public static ScheduledLimit Entry(double fromMinute, double toMinute, double kw, string? requestId = "r1", LimitSource source = LimitSource.Forecast) =>
        new(At(fromMinute), At(toMinute), kw, requestId is null ? LimitSource.BaseDoe : source, requestId);

    public static IssuedSchedule Version(double issuedMinute, params ScheduledLimit[] schedule) => new(At(issuedMinute), schedule);
}
