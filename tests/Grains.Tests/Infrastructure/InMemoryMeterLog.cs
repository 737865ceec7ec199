using System.Collections.Concurrent;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Metering;

namespace OscpFleet.Grains.Tests.Infrastructure;

/// <summary>The site's meter log kept in memory, for grain tests that run on in-memory grain storage too.</summary>
public sealed class InMemoryMeterLog : IMeterLog
{
    private readonly ConcurrentDictionary<string, SortedDictionary<long, IReadOnlyList<MeterSample>>> logs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public int Capacity => 64;

    /// <inheritdoc />
    public Task AppendAsync(string groupId, long sequence, IReadOnlyList<MeterSample> samples)
    {
        var log = logs.GetOrAdd(groupId, _ => []);
        lock (log) log[sequence] = [.. samples];
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(long Sequence, IReadOnlyList<MeterSample> Samples)>> ReadAsync(string groupId, long afterSequence)
    {
        var log = logs.GetOrAdd(groupId, _ => []);
        lock (log) return Task.FromResult<IReadOnlyList<(long, IReadOnlyList<MeterSample>)>>([.. log.Where(e => e.Key > afterSequence).Select(e => (e.Key, e.Value))]);
    }
}
