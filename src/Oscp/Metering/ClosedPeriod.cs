namespace OscpFleet.Oscp.Metering;

/// <summary>The aggregate of one closed measurement period of a site, ready to report.</summary>
/// <param name="Start">Period start (inclusive, UTC, aligned).</param>
/// <param name="End">Period end (exclusive).</param>
/// <param name="EnergyWh">
/// Energy attributed to this period, in Wh: the energy the registers show up to <paramref name="End"/>
/// that no earlier period reported — including energy that belongs before <paramref name="Start"/>
/// but only became known during this period (see <see cref="MeterAggregation"/>).
/// </param>
/// <param name="MaxLoadW">Highest site load seen in the period, in W.</param>
/// <param name="SampleCount">Real samples consumed when closing the period (late-arriving ones included).</param>
public sealed record ClosedPeriod(DateTimeOffset Start, DateTimeOffset End, double EnergyWh, double MaxLoadW, int SampleCount)
{
    /// <summary>False when the period was closed at the end of its wait with a charger's data still missing.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>Readings ignored as glitches (a decrease that is no reset).</summary>
    public int Glitches { get; init; }

    /// <summary>Energy not counted because it was more than a charger could plausibly have used, per reading.</summary>
    public IReadOnlyList<EnergyDrop> Drops { get; init; } = [];

    /// <summary>Value equality over every field, the drops compared in order (records compare lists by reference otherwise).</summary>
    public bool Equals(ClosedPeriod? other) =>
        other is not null
        && (Start, End, EnergyWh, MaxLoadW, SampleCount, Glitches, Complete) == (other.Start, other.End, other.EnergyWh, other.MaxLoadW, other.SampleCount, other.Glitches, other.Complete)
        && Drops.SequenceEqual(other.Drops);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start, End, EnergyWh, MaxLoadW, SampleCount, Glitches, Drops.Count);
}
