using OscpFleet.Grains.Peers;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// One shard of the site registry. Entries change rarely (a site's peer or limit source), so each change is written
/// through; the shard is small enough for one grain state (about 100 bytes a site).
/// </summary>
[GrainType("site-index")]
public sealed class SiteIndexGrain(
    [PersistentState("site-index", FleetStorage.Name)] IPersistentState<SiteIndexState> stored,
    IGrainFactory grains,
    RegistryMetrics metrics) : Grain, ISiteIndexGrain
{
    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken) => ReportCountsAsync();

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.ForgetShard(this.GetPrimaryKeyLong());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task UpsertAsync(SiteSummary summary)
    {
        if (stored.State.Sites.TryGetValue(summary.GroupId, out var existing) && existing == summary) return;
        stored.State.Sites[summary.GroupId] = summary;
        await stored.WriteStateAsync();
        await ReportCountsAsync();
    }

    /// <inheritdoc />
    public Task ReportCountsAsync()
    {
        metrics.SetShard(this.GetPrimaryKeyLong(), stored.State.Sites.Values);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SiteSummary>> ListAsync(string? peerId, string? state) =>
        Task.FromResult<IReadOnlyList<SiteSummary>>(stored.State.Sites.Values
            .Where(s => (peerId is null || s.PeerId == peerId) && (state is null || s.State == state))
            .ToList());

    /// <inheritdoc />
    public Task NotifyPeerLinkAsync(string peerId, PeerLink link)
    {
        // One-way calls: a slow or failing site never holds up the others or the peer.
        foreach (var site in stored.State.Sites.Values.Where(s => s.PeerId == peerId && s.State != SiteStates.Disabled))
        {
            grains.GetGrain<ISiteGrain>(site.GroupId).PeerLinkChangedAsync(link).Ignore();
        }
        return Task.CompletedTask;
    }
}
