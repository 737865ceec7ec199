using OscpFleet.Oscp.Metering;

namespace OscpFleet.Oscp.Configuration;

/// <summary>How meter readings become reported energy, and when a period may close (<c>Oscp:Metering</c>).</summary>
public sealed class MeteringOptions
{
    /// <summary>A period closes no earlier than its end + this + the site's spread offset: the reading that straddles the boundary has time to arrive.</summary>
    public int CloseGraceSeconds { get; set; } = 60;

    /// <summary>
    /// How long a period whose data is incomplete (a charger that was drawing power has not reported past its end) waits
    /// for it after its normal close; then it is reported with what is known, marked incomplete. 0: never wait.
    /// </summary>
    public int MaxReportDelayMinutes { get; set; } = 60;

    /// <summary>A register that goes down to at most this many Wh is a fresh register (a reset); other decreases are glitches.</summary>
    public double ResetThresholdWh { get; set; } = MeterRules.DefaultResetThresholdWh;

    /// <summary>Energy between two readings above a charger's rating × the time × (1 + this %) is implausible and dropped.</summary>
    public double RatedPowerTolerancePercent { get; set; } = MeterRules.DefaultTolerance * 100;
}
