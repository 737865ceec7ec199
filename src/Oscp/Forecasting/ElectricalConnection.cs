namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// How a site is connected to the grid. Needed to turn a current limit (unit <c>A</c>) into power,
/// because OSCP forecasts may be expressed in amperes.
/// </summary>
/// <param name="NominalVoltage">Phase-to-neutral voltage in volts, e.g. 230.</param>
/// <param name="Phases">Number of connected phases, 1 to 3.</param>
public sealed record ElectricalConnection(double NominalVoltage, int Phases)
{
    /// <summary>The usual European low-voltage connection: 230 V phase-to-neutral, three phases.</summary>
    public static ElectricalConnection ThreePhase230V { get; } = new(230, 3);

    internal void EnsureValid()
    {
        // A zero or negative voltage would silently turn every amp limit into "stop charging".
        if (!double.IsFinite(NominalVoltage) || NominalVoltage <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(NominalVoltage), NominalVoltage, "Nominal voltage must be a positive number of volts.");
        }

        if (Phases is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(Phases), Phases, "A connection has 1 to 3 phases.");
        }
    }
}
