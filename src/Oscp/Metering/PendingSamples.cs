using System.Collections.Immutable;

namespace OscpFleet.Oscp.Metering;

/// <summary>
/// The sorted pending set of <see cref="SiteMeterState"/>. Samples often arrive one request at a
/// time, so lookups are binary searches and insertion is a linear merge, not a re-sort.
/// </summary>
internal static class PendingSamples
{
    /// <summary>The pending order: charger id (ordinal), then time.</summary>
    public static readonly Comparer<MeterSample> Order = Comparer<MeterSample>.Create(static (x, y) =>
    {
        var byCharger = string.CompareOrdinal(x.ChargerId, y.ChargerId);
        return byCharger != 0 ? byCharger : x.At.CompareTo(y.At);
    });

    /// <summary>True when a sample with the same (charger, time) is pending.</summary>
    public static bool Contains(ImmutableArray<MeterSample> pending, MeterSample sample) =>
        ImmutableArray.BinarySearch(pending, sample, Order) >= 0;

    /// <summary>Merges new samples (unique, none already pending) into the sorted pending set.</summary>
    public static ImmutableArray<MeterSample> Merge(ImmutableArray<MeterSample> pending, List<MeterSample> added)
    {
        if (added.Count == 0)
        {
            return pending;
        }

        added.Sort(Order);
        var merged = ImmutableArray.CreateBuilder<MeterSample>(pending.Length + added.Count);
        int i = 0, j = 0;
        while (i < pending.Length || j < added.Count)
        {
            var takePending = j == added.Count || (i < pending.Length && Order.Compare(pending[i], added[j]) < 0);
            merged.Add(takePending ? pending[i++] : added[j++]);
        }

        return merged.MoveToImmutable();
    }
}
