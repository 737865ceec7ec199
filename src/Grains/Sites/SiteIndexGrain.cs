using Microsoft.Extensions.Logging;
using OscpFleet.Grains.Peers;
using Orleans.Placement;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// One shard of the site registry; small enough for one grain state (about 100 bytes a site). A new site or a site moved
/// to another peer is written through (the peer's notices must reach it). A change of a site's listing state only —
/// every site's first forecast after onboarding, a fallback, an emergency stop — is coalesced: the shard writes itself
/// at most once per <see cref="CoalesceWindow"/>, so a fleet-wide burst costs a few writes per shard, not one per site.
/// Losing such a change to a crash is harmless: the listing is a view of the sites, and each site publishes its state
/// again when it activates (which a silo loss triggers for every site).
/// </summary>
[GrainType("site-index")]
// Its state is stored as JSON, which Orleans cannot carry: a migration (a silo retiring) would fail and hold up the stop.
[Immovable]
public sealed partial class SiteIndexGrain(
    [PersistentState("site-index", FleetStorage.Name)] IPersistentState<SiteIndexState> stored,
    IGrainFactory grains,
    RegistryMetrics metrics,
    ILogger<SiteIndexGrain> logger) : Grain, ISiteIndexGrain
{
    /// <summary>How long a state-only change may wait in memory before the shard is written.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromSeconds(5);

    private IGrainTimer? flush;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var sites = stored.State.Sites;
        foreach (var (groupId, summary) in sites.ToList()) sites[groupId] = Shared(summary);
        return ReportCountsAsync();
    }

    /// <summary>
    /// The entry with its peer id, listing state and risks interned: a few values that thousands of entries repeat, held
    /// once per silo instead of once per entry (each arrives as a string of its own, from a call or from storage).
    /// </summary>
    private static SiteSummary Shared(SiteSummary summary) => summary with
    {
        PeerId = string.Intern(summary.PeerId),
        State = string.Intern(summary.State),
        Risks = summary.Risks is null ? null : string.Intern(summary.Risks),
    };

    /// <inheritdoc />
    public async Task UpsertAsync(SiteSummary summary)
    {
        summary = Shared(summary);
        var known = stored.State.Sites.TryGetValue(summary.GroupId, out var existing);
        if (known && existing == summary) return;
        stored.State.Sites[summary.GroupId] = summary;
        if (!known || existing!.PeerId != summary.PeerId)
        {
            await WriteAsync();
            return;
        }
        // The counts by peer and state change only with the state (a forecast usually changes the version alone).
        if (existing!.State != summary.State) await ReportCountsAsync();
        flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions
        {
            DueTime = CoalesceWindow,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = false,
            KeepAlive = true,
        });
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.ForgetShard(this.GetPrimaryKeyLong());
        if (flush is null) return;
        try
        {
            await WriteAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFlushFailed(this.GetPrimaryKeyLong(), e.GetType().Name);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Kept in memory; the next change or deactivation tries again.
            LogFlushFailed(this.GetPrimaryKeyLong(), e.GetType().Name);
        }
    }

    private async Task WriteAsync()
    {
        flush?.Dispose();
        flush = null;
        await stored.WriteStateAsync();
        await ReportCountsAsync();
    }

    /// <inheritdoc />
    public Task ReportCountsAsync()
    {
        metrics.SetShard(this.GetPrimaryKeyLong(), stored.State.Sites.Values);
        return Task.CompletedTask;
    }

    [LoggerMessage(1310, LogLevel.Warning, "Site registry shard {Shard}: coalesced listing changes could not be stored yet ({ExceptionType})")]
    private partial void LogFlushFailed(long shard, string exceptionType);

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
