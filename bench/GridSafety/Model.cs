using OscpFleet.Oscp.Wire;

namespace OscpFleet.Bench.GridSafety;

/// <summary>One site of the run: its base DOE profile (local time of day) and contract maximum.</summary>
internal sealed record SiteSetup(string GroupId, IReadOnlyList<(string From, double Kw)> BaseDoe, double MaxImportKw)
{
    /// <summary>Every site's time zone (no daylight-saving change in the simulated day: NZDT all of late November).</summary>
    public const string TimeZone = "Pacific/Auckland";

    /// <summary>Nominal phase voltage, to turn per-phase blocks in A into kW.</summary>
    public const double NominalVoltage = 230;

    /// <summary>Every site is three-phase.</summary>
    public const int Phases = 3;

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>
    /// The base DOE at <paramref name="t"/>, re-implemented from docs/endpoints.md ("Site body") and docs/behaviour.md ("The limit in force"): each entry holds
    /// from its local time until the next entry's; the latest entry carries over midnight.
    /// </summary>
    public double BaseDoeAt(DateTimeOffset t)
    {
        var local = TimeZoneInfo.ConvertTime(t, Zone);
        var minute = (local.Hour * 60) + local.Minute;
        var byTime = BaseDoe.Select(e => (Minute: MinuteOf(e.From), e.Kw)).OrderBy(e => e.Minute).ToList();
        var holding = byTime.LastOrDefault(e => e.Minute <= minute);
        return holding == default ? byTime[^1].Kw : holding.Kw;
    }

    private static int MinuteOf(string hhmm) => (int.Parse(hhmm[..2], System.Globalization.CultureInfo.InvariantCulture) * 60)
        + int.Parse(hhmm[3..], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A forecast block as the oracle reads it: its span, its phase (ALL or ONE/TWO/THREE) and its value in kW.</summary>
internal sealed record OracleBlock(DateTimeOffset Start, DateTimeOffset End, PhaseIndicator Phase, double Kw)
{
    /// <summary>Half-open [start, end).</summary>
    public bool Covers(DateTimeOffset t) => Start <= t && t < End;
}

/// <summary>A forecast the gateway accepted (204), in the order of acceptance, with the product-clock instant it was taken.</summary>
internal sealed record AcceptedForecast(int Order, string GroupId, CapacityForecastType Type, DateTimeOffset At, IReadOnlyList<OracleBlock> Blocks, bool AllZero);

/// <summary>An interval of the product clock during which the connection counted as lost for limits, as the bench observed it.</summary>
internal sealed record LostInterval(DateTimeOffset From, DateTimeOffset Until, string How);

/// <summary>One limit version as the CSMS received it.</summary>
internal sealed record ReceivedVersion(long Version, DateTimeOffset IssuedAt, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To, double Kw, string Source)> Schedule, bool EmergencyStop);

/// <summary>A scripted event, for the report around a violation.</summary>
internal sealed record ScriptEvent(DateTimeOffset At, string? GroupId, string What);
