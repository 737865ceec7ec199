using System.Collections.Frozen;

namespace OscpFleet.Oscp.Metering;

/// <summary>
/// How a charger's register readings become energy: which decrease is a reset and which a glitch, and the most energy
/// two readings can plausibly be apart (docs/decisions.md "Metering truth").
/// </summary>
/// <param name="ResetThresholdWh">A decrease to at most this value is a fresh register (a reset).</param>
/// <param name="Tolerance">Slack on a charger's rating before energy counts as implausible (0.1 = 10 %).</param>
/// <param name="RatedKw">Each known charger's rated power.</param>
/// <param name="OtherChargersKw">The rating assumed for a charger not in <paramref name="RatedKw"/> (the site's contract maximum); null: no bound.</param>
public sealed record MeterRules(double ResetThresholdWh, double Tolerance, IReadOnlyDictionary<string, double> RatedKw, double? OtherChargersKw)
{
    /// <summary>Default <see cref="ResetThresholdWh"/>: 1 kWh.</summary>
    public const double DefaultResetThresholdWh = 1000;

    /// <summary>Default <see cref="Tolerance"/>: 10 %.</summary>
    public const double DefaultTolerance = 0.10;

    /// <summary>No ratings known: no energy is implausible, so every decrease reads as a reset.</summary>
    public static MeterRules Unbounded { get; } = new(DefaultResetThresholdWh, DefaultTolerance, FrozenDictionary<string, double>.Empty, null);

    /// <summary>
    /// The most energy <paramref name="chargerId"/> can plausibly add in <paramref name="elapsed"/>: its rating × the
    /// time × (1 + <see cref="Tolerance"/>); infinite when no rating applies.
    /// </summary>
    public double CapWh(string chargerId, TimeSpan elapsed)
    {
        var kw = RatedKw.TryGetValue(chargerId, out var rated) ? rated : OtherChargersKw;
        return kw is { } k ? Math.Max(0, k * 1000 * elapsed.TotalHours * (1 + Tolerance)) : double.PositiveInfinity;
    }
}
