namespace OscpFleet.Oscp.Metering;

/// <summary>What a register reading after another means.</summary>
public enum StepKind
{
    /// <summary>The register went up (or stayed): its advance is energy.</summary>
    Advance,

    /// <summary>The register went down to a value a fresh register could show (or the CSMS said so): a reset, energy counted from 0.</summary>
    Reset,

    /// <summary>The register went down, but not plausibly to a fresh register: ignored; energy resumes once it passes its previous high.</summary>
    Glitch,
}

/// <summary>
/// The energy between a charger's last consumed point and its next reading.
/// </summary>
/// <param name="EnergyWh">Energy to count, at most the plausible maximum.</param>
/// <param name="DroppedWh">The part of the register's advance above the plausible maximum: not counted.</param>
/// <param name="Kind">How the reading was read.</param>
/// <param name="BaseWh">The register value the next reading's energy counts from.</param>
public readonly record struct EnergyStep(double EnergyWh, double DroppedWh, StepKind Kind, double BaseWh)
{
    /// <summary>
    /// The point after reading <paramref name="next"/> with this step: a real point at it, except after a glitch, where
    /// the register's high and its time stay (so the next advance is measured over the right time) and only the power
    /// and the late mark move on.
    /// </summary>
    public ChargerAnchor After(ChargerAnchor anchor, MeterSample next) =>
        Kind == StepKind.Glitch
            ? anchor with { PowerW = next.PowerW, PowerAt = next.At, LateThrough = next.At }
            : ChargerAnchor.FromSample(next);

    /// <summary>
    /// Reads <paramref name="next"/> after <paramref name="anchor"/>. A decrease is a reset when the CSMS marks the sample
    /// (<see cref="MeterSample.RegisterReset"/>) or the new value is at most <see cref="MeterRules.ResetThresholdWh"/> or
    /// at most what the charger could have counted since <paramref name="anchor"/> starting from 0; any other decrease is
    /// a glitch (a 1 Wh jitter, two registers reported under one id) and counts nothing. Energy above the plausible
    /// maximum for the time between the two (<see cref="MeterRules.CapWh"/>) is dropped.
    /// </summary>
    public static EnergyStep Between(ChargerAnchor anchor, MeterSample next, MeterRules rules)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(rules);
        var cap = rules.CapWh(next.ChargerId, next.At - anchor.At);
        // An anchor interpolated towards this very reading (LateThrough = its time) has already taken its reset mark.
        var markedReset = next.RegisterReset && anchor.LateThrough < next.At;
        if (next.EnergyWh >= anchor.RegisterWh && !markedReset)
        {
            return Capped(next.EnergyWh - anchor.RegisterWh, cap, StepKind.Advance, next.EnergyWh);
        }

        if (markedReset || next.EnergyWh <= rules.ResetThresholdWh || next.EnergyWh <= cap)
        {
            return Capped(next.EnergyWh, cap, StepKind.Reset, next.EnergyWh);
        }

        return new EnergyStep(0, 0, StepKind.Glitch, anchor.RegisterWh);
    }

    private static EnergyStep Capped(double advanceWh, double capWh, StepKind kind, double baseWh) =>
        advanceWh <= capWh ? new(advanceWh, 0, kind, baseWh) : new(capWh, advanceWh - capWh, kind, baseWh);
}
