using System.Text;

namespace OscpFleet.Grains.Sites;

/// <summary>How group ids map to registry shards: a fixed, process-independent hash (never <c>string.GetHashCode</c>).</summary>
public static class SiteIndex
{
    /// <summary>Number of shards; changing it orphans every stored shard, so it is fixed.</summary>
    public const int ShardCount = 32;

    /// <summary>The shard of <paramref name="groupId"/> (FNV-1a over its UTF-8 bytes).</summary>
    public static int ShardOf(string groupId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(groupId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        return (int)(hash % ShardCount);
    }

    /// <summary>Every shard number.</summary>
    public static IEnumerable<int> Shards => Enumerable.Range(0, ShardCount);
}
