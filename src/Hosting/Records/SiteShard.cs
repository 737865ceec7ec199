using System.Globalization;

namespace OscpFleet.Hosting.Records;

/// <summary>
/// The shard of a site in the journal's and the history's month partitions (docs/decisions.md, "The message journal
/// and the site history"): many sites share a partition, so the rows a burst of forecasts causes go out as a few
/// transactions rather than one per site. A site's rows are the row-key range <c>&lt;groupId&gt;|…</c> of its shard.
/// </summary>
public static class SiteShard
{
    /// <summary>
    /// Shards per month and kind. A constant on purpose: changing it would move every site to another partition and
    /// hide the rows written before. Sixteen partitions of 2,000 rows a second each (Azure Table's target per
    /// partition) already exceed the 20,000 a second of a whole storage account, while a round of the writer costs one
    /// transaction per shard it touches: more shards would only make the batches smaller.
    /// </summary>
    public const int Count = 16;

    /// <summary>
    /// The shard's part of a partition name, <c>~00</c>…<c>~15</c>. The <c>~</c> is outside the group-id alphabet,
    /// so a shard partition never has the name of a site partition of the earlier layout.
    /// </summary>
    public static string Of(string groupId) => "~" + Index(groupId).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>
    /// The shard number of <paramref name="groupId"/>: 32-bit FNV-1a of its characters, modulo <see cref="Count"/>.
    /// Stable across processes, versions and platforms (unlike <see cref="string.GetHashCode()"/>, which is
    /// randomized per process); group ids are ASCII, so characters and bytes agree.
    /// </summary>
    public static int Index(string groupId)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        var hash = 2166136261u;
        foreach (var c in groupId)
        {
            hash ^= c;
            hash *= 16777619u;
        }

        return (int)(hash % Count);
    }

    /// <summary>The first row key of <paramref name="groupId"/>'s range: every key of the site starts with it.</summary>
    public static string RangeStart(string groupId) => groupId + "|";

    /// <summary>
    /// The key just past <paramref name="groupId"/>'s range (compare with <c>lt</c>): <c>}</c> follows <c>|</c>, so the
    /// range holds exactly the keys starting <c>&lt;groupId&gt;|</c>; a group id has no <c>|</c>, so those are this
    /// site's alone (the keys of site <c>a-b</c> start <c>a-</c> and sort before site <c>a</c>'s).
    /// </summary>
    public static string RangeEnd(string groupId) => groupId + "}";
}
