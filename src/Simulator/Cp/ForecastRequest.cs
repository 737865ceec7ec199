using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// A forecast to send on demand (control API <c>POST /sim/forecasts</c>). Without anything set: a
/// CONSUMPTION forecast of <c>ForecastBlockCount</c> 15-minute blocks at <c>CapacityKw</c> from the current
/// quarter hour, to every configured site.
/// </summary>
public sealed record ForecastRequest
{
    /// <summary>The site; null sends to every configured site. Any group id may be named (an unknown one tests the FP's 404).</summary>
    public string? GroupId { get; init; }

    /// <summary>The forecast type, e.g. <c>FALLBACK_CONSUMPTION</c>.</summary>
    public CapacityForecastType Type { get; init; } = CapacityForecastType.Consumption;

    /// <summary>A protective zero profile: every block's capacity is 0.</summary>
    public bool AllZero { get; init; }

    /// <summary>The capacity of every block, in kW; null for the configured default.</summary>
    public double? CapacityKw { get; init; }

    /// <summary>How many 15-minute blocks; null for the configured count (96 = 24 h).</summary>
    public int? BlockCount { get; init; }

    /// <summary>Start of the first block; null for the current quarter hour.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Explicit blocks, sent as given; when set, the other shape settings are ignored.</summary>
    public IReadOnlyList<ForecastedBlock>? Blocks { get; init; }
}
