using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// When a silo leaves the cluster (killed or stopped), its grains are gone until something calls them. A site with an
/// undelivered version or a queued report, or a peer that owes the CP a heartbeat, must not wait for that: one
/// surviving silo (<see cref="WakerOf"/>, so the work is not repeated) wakes every configured peer, then every enabled
/// site of the registry (a site already active elsewhere just answers). Each site then does on activation what is due:
/// sends its newest version if not confirmed applied, resumes its outbox.
/// </summary>
/// <remarks>
/// The sites are woken <see cref="Concurrency"/> at a time, each call awaited: a third of a 10,000-site fleet
/// reactivates after a silo's stop, each activation reading its rows, and all of them at once queued every other
/// storage request (the peer grain's among them, while it moves in a rolling restart) behind thousands.
/// </remarks>
public sealed partial class SiteWakeUp(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IGrainFactory grains,
    IOptionsMonitor<OscpOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SiteWakeUp> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        // Silos already dead when we joined were handled by whoever was there (or by the sites' own reminders).
        var known = Dead(membership.CurrentSnapshot).ToHashSet();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var gone = Dead(snapshot).Where(known.Add).ToList();
                if (gone.Count == 0) continue;
                var waker = WakerOf(snapshot);
                if (waker is null || !waker.Equals(local.SiloAddress)) continue;
                await WakeEveryoneAsync(string.Join(", ", gone), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>How many sites are woken at a time (see the remarks).</summary>
    public const int DefaultConcurrency = 64;

    /// <summary>How many sites are woken at a time; <see cref="DefaultConcurrency"/> but for tests.</summary>
    internal int Concurrency { get; set; } = DefaultConcurrency;

    /// <summary>Wakes every configured peer, then every enabled site, <see cref="Concurrency"/> at a time.</summary>
    internal async Task WakeEveryoneAsync(string gone, CancellationToken stoppingToken)
    {
        LogWaking(gone);
        foreach (var peerId in options.CurrentValue.Peers.Keys)
        {
            try
            {
                await grains.GetGrain<IPeerGrain>(peerId).EnsureRunningAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWakeFailed($"peer {peerId}", e.GetType().Name);
            }
        }

        var woken = 0;
        var failed = 0;
        await Parallel.ForEachAsync(
            EnabledSitesAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stoppingToken },
            async (groupId, _) =>
            {
                try
                {
                    await grains.GetGrain<ISiteGrain>(groupId).WakeAsync();
                    Interlocked.Increment(ref woken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Its own reminders, or the next call to it, activate it.
                    Interlocked.Increment(ref failed);
                }
            });
        LogWoken(woken, failed);
    }

    private async IAsyncEnumerable<string> EnabledSitesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var shard in SiteIndex.Shards)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<SiteSummary> sites;
            try
            {
                sites = await grains.GetGrain<ISiteIndexGrain>(shard).ListAsync(peerId: null, state: null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWakeFailed($"registry shard {shard}", e.GetType().Name);
                continue;
            }
            foreach (var site in sites)
            {
                if (site.State != SiteStates.Disabled) yield return site.GroupId;
            }
        }
    }

    /// <summary>
    /// The silo that wakes everyone: the Active one that has been in the cluster longest (lowest generation; ties by
    /// address), which every silo computes alike from the same snapshot. A silo joining never takes the part over, so
    /// a rolling restart (new silos joining while old ones leave) never runs two rounds side by side, one per newcomer.
    /// The oldest is also the next a rolling restart stops: its round is cut short then, and the next oldest starts
    /// one for its departure.
    /// </summary>
    internal static SiloAddress? WakerOf(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.Generation)
            .ThenBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .FirstOrDefault();

    private static IEnumerable<SiloAddress> Dead(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress);

    [LoggerMessage(1301, LogLevel.Information, "Silo(s) {Silos} left the cluster: waking every peer and site")]
    private partial void LogWaking(string silos);

    [LoggerMessage(1302, LogLevel.Information, "Woke {Sites} sites after a silo left the cluster ({Failed} could not be called: their reminders or next call will)")]
    private partial void LogWoken(int sites, int failed);

    [LoggerMessage(1303, LogLevel.Warning, "Could not wake {Target} after a silo left ({ExceptionType}); its reminders will")]
    private partial void LogWakeFailed(string target, string exceptionType);
}
