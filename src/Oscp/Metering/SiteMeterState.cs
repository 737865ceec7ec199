using System.Collections.Immutable;

namespace OscpFleet.Oscp.Metering;

/// <summary>
/// A site's measurement aggregation state between period closings: persisted in the site grain
/// with System.Text.Json. Immutable; change it only through <see cref="MeterAggregation"/>.
/// </summary>
/// <param name="OpenPeriodStart">Start of the period being collected.</param>
/// <param name="Anchors">Per charger, the last consumed point; sorted by charger id (ordinal).</param>
/// <param name="Pending">
/// Samples not yet consumed, sorted by charger id (ordinal) then time, unique per (charger, time),
/// each later than its charger's <see cref="ChargerAnchor.LateThrough"/>. They may lie before the
/// open period (arrived after their period closed) or after it.
/// </param>
/// <param name="DuplicateSamples">Samples dropped as duplicates so far.</param>
/// <param name="LateSamples">Samples dropped as late so far.</param>
public sealed record SiteMeterState(
    DateTimeOffset OpenPeriodStart,
    ImmutableArray<ChargerAnchor> Anchors,
    ImmutableArray<MeterSample> Pending,
    long DuplicateSamples,
    long LateSamples)
{
    /// <summary>Per charger, the last consumed point; sorted by charger id (ordinal).</summary>
    // A missing property in stored JSON yields a default array; normalise so callers never see it.
    public ImmutableArray<ChargerAnchor> Anchors { get; init; } = Anchors.IsDefault ? [] : Anchors;

    /// <summary>Samples not yet consumed, sorted by charger id (ordinal) then time.</summary>
    public ImmutableArray<MeterSample> Pending { get; init; } = Pending.IsDefault ? [] : Pending;

    /// <summary>Readings ignored as glitches so far.</summary>
    public long Glitches { get; init; }

    /// <summary>Energy dropped as implausible so far, in Wh.</summary>
    public double DroppedWh { get; init; }

    /// <summary>The time of the newest reading held (consumed or pending); null when none ever came.</summary>
    public DateTimeOffset? LastSampleAt()
    {
        DateTimeOffset? last = null;
        foreach (var anchor in Anchors) if (last is null || anchor.PowerAt > last) last = anchor.PowerAt;
        foreach (var sample in Pending) if (last is null || sample.At > last) last = sample.At;
        return last;
    }

    /// <summary>A fresh state whose open period is the one containing <paramref name="now"/>.</summary>
    public static SiteMeterState StartingAt(DateTimeOffset now, TimeSpan periodLength) =>
        new(MeteringPeriods.Align(now, periodLength), [], [], 0, 0);

    /// <summary>Value equality over all fields (records compare arrays by reference otherwise).</summary>
    public bool Equals(SiteMeterState? other) =>
        other is not null
        && OpenPeriodStart == other.OpenPeriodStart
        && DuplicateSamples == other.DuplicateSamples
        && LateSamples == other.LateSamples
        && Glitches == other.Glitches
        && DroppedWh.Equals(other.DroppedWh)
        && Anchors.SequenceEqual(other.Anchors)
        && Pending.SequenceEqual(other.Pending);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(OpenPeriodStart, Anchors.Length, Pending.Length, DuplicateSamples, LateSamples);
}
