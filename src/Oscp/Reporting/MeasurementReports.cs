using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Reporting;

/// <summary>
/// Builds the OSCP measurement report of one closed period for each peer profile (docs/protocol.md,
/// "Measurements and reports"). Energy goes out in kWh and load in kW, both
/// rounded to the nearest Wh / W (3 decimals), halves away from zero; phase ALL, direction IMPORT,
/// energy type TOTAL; times in UTC.
/// </summary>
public static class MeasurementReports
{
    /// <summary>
    /// The vector profile: one aggregated <c>CHARGING</c> asset carrying the energy used in the
    /// period (<c>initial_measure_time</c> = start, <c>measure_time</c> = end) and the maximum load
    /// in it (<c>measure_time</c> = end). A period without consumption is still reported, as zeros.
    /// </summary>
    /// <param name="groupId">The site's group id.</param>
    /// <param name="assetId">The site's agreed asset id.</param>
    /// <param name="report">The closed period.</param>
    /// <exception cref="ArgumentException">An id is blank, a value is negative or not finite, or the period ends before it starts.</exception>
    public static UpdateAssetMeasurements ForVector(string groupId, string assetId, PeriodReport report)
    {
        EnsureId(groupId, nameof(groupId));
        EnsureId(assetId, nameof(assetId));
        EnsureValid(report);
        var end = report.End.ToUniversalTime();
        var energy = new EnergyMeasurement(
            ToKilo(report.EnergyWh),
            PhaseIndicator.All,
            EnergyMeasurementUnit.Kwh,
            EnergyFlowDirection.Import,
            end,
            EnergyType.Total,
            report.Start.ToUniversalTime());
        var load = new InstantaneousMeasurement(ToKilo(report.MaxLoadW), PhaseIndicator.All, InstantaneousMeasurementUnit.Kw, end);
        return new UpdateAssetMeasurements(groupId, [new AssetMeasurement(assetId, AssetCategory.Charging, energy, load)]);
    }

    /// <summary>
    /// The reading style a plain OSCP peer gets from what its handshake asked
    /// (<c>measurement_configuration</c>): <see cref="MeasurementStyle.Continuous"/> only when it asked
    /// CONTINUOUS and not INTERMITTENT; otherwise — INTERMITTENT, both, or nothing asked —
    /// <see cref="MeasurementStyle.Intermittent"/>, per period like the vector profile (with
    /// <c>initial_measure_time</c> the readings satisfy a peer asking for either).
    /// </summary>
    /// <param name="asked">The peer's <c>measurement_configuration</c>; empty when it asked none.</param>
    public static MeasurementStyle StyleFor(IReadOnlyCollection<MeasurementConfiguration> asked)
    {
        ArgumentNullException.ThrowIfNull(asked);
        return asked.Contains(MeasurementConfiguration.Continuous) && !asked.Contains(MeasurementConfiguration.Intermittent)
            ? MeasurementStyle.Continuous
            : MeasurementStyle.Intermittent;
    }

    /// <summary>
    /// The plain OSCP profile: one group energy reading at the period end. Intermittent (see
    /// <see cref="StyleFor"/>): the energy used in the period with <c>initial_measure_time</c> = start.
    /// Continuous: the site's cumulative register (<see cref="PeriodReport.RegisterWh"/>), without
    /// <c>initial_measure_time</c>.
    /// </summary>
    /// <param name="groupId">The site's group id.</param>
    /// <param name="report">The closed period.</param>
    /// <param name="asked">The peer's <c>measurement_configuration</c>; empty when it asked none.</param>
    /// <exception cref="ArgumentException">The group id is blank, a value is negative or not finite, or the period ends before it starts.</exception>
    public static UpdateGroupMeasurements ForOscp(string groupId, PeriodReport report, IReadOnlyCollection<MeasurementConfiguration> asked)
    {
        EnsureId(groupId, nameof(groupId));
        EnsureValid(report);
        var continuous = StyleFor(asked) == MeasurementStyle.Continuous;
        var energy = new EnergyMeasurement(
            ToKilo(continuous ? report.RegisterWh : report.EnergyWh),
            PhaseIndicator.All,
            EnergyMeasurementUnit.Kwh,
            EnergyFlowDirection.Import,
            report.End.ToUniversalTime(),
            EnergyType.Total,
            continuous ? null : report.Start.ToUniversalTime());
        return new UpdateGroupMeasurements(groupId, [energy]);
    }

    /// <summary>
    /// Wh → kWh (or W → kW) with 3 decimals. Rounding the base unit to a whole number first keeps
    /// halves exact (1234.5 Wh → 1.235 kWh), which rounding the binary quotient would not.
    /// </summary>
    internal static double ToKilo(double value) => Math.Round(value, MidpointRounding.AwayFromZero) / 1000;

    private static void EnsureId(string id, string name)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException("An id is required.", name);
        }
    }

    private static void EnsureValid(PeriodReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!IsValidAmount(report.EnergyWh) || !IsValidAmount(report.MaxLoadW) || !IsValidAmount(report.RegisterWh))
        {
            throw new ArgumentException(
                $"Period {report.Start:O} to {report.End:O} has a negative or non-finite value (energy {report.EnergyWh} Wh, max load {report.MaxLoadW} W, register {report.RegisterWh} Wh).",
                nameof(report));
        }

        if (report.End < report.Start)
        {
            throw new ArgumentException($"Period ends ({report.End:O}) before it starts ({report.Start:O}).", nameof(report));
        }
    }

    private static bool IsValidAmount(double value) => double.IsFinite(value) && value >= 0;
}
