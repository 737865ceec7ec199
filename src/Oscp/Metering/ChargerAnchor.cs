namespace OscpFleet.Oscp.Metering;

/// <summary>
/// The last consumed point of one charger: everything its register showed up to <see cref="At"/>
/// has been reported. Energy after it is the delta to the charger's next sample.
/// </summary>
/// <param name="ChargerId">The charger.</param>
/// <param name="At">Instant through which the charger's energy has been reported.</param>
/// <param name="RegisterWh">
/// Register value at <paramref name="At"/>: a real reading, or — when <paramref name="At"/> is a
/// period boundary inside the gap between two samples — the value interpolated by time.
/// </param>
/// <param name="PowerW">Power of the last real sample at or before <paramref name="At"/>.</param>
/// <param name="PowerAt">When that real sample was taken; staleness is judged from it, not from a synthetic <paramref name="At"/>.</param>
/// <param name="LateThrough">
/// Samples of this charger at or before this instant are late. Equals <paramref name="At"/> for a
/// real point; for an interpolated one it is the time of the later sample the interpolation used,
/// because a sample arriving inside that gap could no longer change what was already reported.
/// </param>
public sealed record ChargerAnchor(
    string ChargerId,
    DateTimeOffset At,
    double RegisterWh,
    double PowerW,
    DateTimeOffset PowerAt,
    DateTimeOffset LateThrough)
{
    /// <summary>An anchor at a real sample.</summary>
    public static ChargerAnchor FromSample(MeterSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new(sample.ChargerId, sample.At, sample.EnergyWh, sample.PowerW, sample.At, sample.At);
    }
}
