namespace OscpFleet.Grains.Sites;

/// <summary>The <c>state</c> values of a site in listings: the source of the limit in force, or disabled.</summary>
public static class SiteStates
{
    /// <summary>A CONSUMPTION forecast is in force.</summary>
    public const string Forecast = "forecast";

    /// <summary>A FALLBACK_CONSUMPTION forecast is in force (peer Offline or no CONSUMPTION block).</summary>
    public const string Fallback = "fallback";

    /// <summary>The contractual base DOE is in force.</summary>
    public const string BaseDoe = "base_doe";

    /// <summary>An all-zero forecast is in force: charging stopped.</summary>
    public const string EmergencyStop = "emergency_stop";

    /// <summary>An operator override is in force.</summary>
    public const string Operator = "operator";

    /// <summary>The site is disabled.</summary>
    public const string Disabled = "disabled";

    /// <summary>Every value, for validating a filter.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Forecast, Fallback, BaseDoe, EmergencyStop, Operator, Disabled,
    };
}
