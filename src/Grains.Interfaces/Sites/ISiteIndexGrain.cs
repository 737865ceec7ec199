using Orleans.Concurrency;
using OscpFleet.Grains.Peers;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// One shard of the site registry (key: shard number, see <see cref="SiteIndex"/>). Site grains keep it up to date;
/// listings and "every site of this peer" come from here, never from calling every site.
/// </summary>
[Alias("OscpFleet.ISiteIndexGrain")]
public interface ISiteIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or updates a site's entry.</summary>
    [Alias("Upsert")]
    Task UpsertAsync(SiteSummary summary);

    /// <summary>The entries of this shard, optionally only one peer's or one state's.</summary>
    [Alias("List"), AlwaysInterleave]
    Task<IReadOnlyList<SiteSummary>> ListAsync(string? peerId, string? state);

    /// <summary>Reports this shard's site counts on the silo that hosts it (the cluster-wide <c>oscpfleet_sites</c> gauge).</summary>
    [Alias("ReportCounts")]
    Task ReportCountsAsync();

    /// <summary>Tells every site of <paramref name="peerId"/> in this shard that its connection changed.</summary>
    [Alias("NotifyPeerLink")]
    Task NotifyPeerLinkAsync(string peerId, PeerLink link);
}
