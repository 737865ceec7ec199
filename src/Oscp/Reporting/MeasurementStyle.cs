namespace OscpFleet.Oscp.Reporting;

/// <summary>Which kind of energy reading a capacity provider gets (see <see cref="MeasurementReports.StyleFor"/>).</summary>
public enum MeasurementStyle
{
    /// <summary>The energy used in each period, with <c>initial_measure_time</c> = the period start.</summary>
    Intermittent,

    /// <summary>The running value of a register that never resets, without <c>initial_measure_time</c>.</summary>
    Continuous,
}
