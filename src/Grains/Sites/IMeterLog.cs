using OscpFleet.Oscp.Metering;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// The append-only log of a site's meter batches: each accepted batch is one entry, written before the CSMS gets its
/// 204, so the write volume of a period is linear in its samples (the site's meter row is rewritten only when a period
/// closes, or when <see cref="Capacity"/> entries are about to be outstanding). Entries up to the meter row's
/// <c>LogThrough</c> are folded into it; the log may reuse their space.
/// </summary>
public interface IMeterLog
{
    /// <summary>How many of the newest entries the log is sure to keep: the site folds its log before more are outstanding.</summary>
    int Capacity { get; }

    /// <summary>Stores one batch as entry <paramref name="sequence"/> of <paramref name="groupId"/>'s log.</summary>
    Task AppendAsync(string groupId, long sequence, IReadOnlyList<MeterSample> samples);

    /// <summary>The entries after <paramref name="afterSequence"/> still kept, oldest first.</summary>
    Task<IReadOnlyList<(long Sequence, IReadOnlyList<MeterSample> Samples)>> ReadAsync(string groupId, long afterSequence);
}
