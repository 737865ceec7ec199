using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// When a silo leaves the cluster (killed or stopped), its grains are gone until something calls them. A site with an
/// undelivered version or a queued report, or a peer that owes the CP a heartbeat, must not wait for that: one surviving
/// silo — the active one with the lowest address, so the work is not repeated — wakes every configured peer and every
/// site of the registry (a one-way call per site; a site already active elsewhere just answers). Each site then does on
/// activation what is due: sends its newest version if not confirmed applied, resumes its outbox.
/// </summary>
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
                var waker = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Active)
                    .Select(m => m.SiloAddress)
                    .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)
                    .FirstOrDefault();
                if (waker is null || !waker.Equals(local.SiloAddress)) continue;
                await WakeEveryoneAsync(string.Join(", ", gone), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task WakeEveryoneAsync(string gone, CancellationToken stoppingToken)
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
        foreach (var shard in SiteIndex.Shards)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                woken += await grains.GetGrain<ISiteIndexGrain>(shard).WakeSitesAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWakeFailed($"registry shard {shard}", e.GetType().Name);
            }
        }
        LogWoken(woken);
    }

    private static IEnumerable<SiloAddress> Dead(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress);

    [LoggerMessage(1301, LogLevel.Information, "Silo(s) {Silos} left the cluster: waking every peer and site")]
    private partial void LogWaking(string silos);

    [LoggerMessage(1302, LogLevel.Information, "Woke {Sites} sites after a silo left the cluster")]
    private partial void LogWoken(int sites);

    [LoggerMessage(1303, LogLevel.Warning, "Could not wake {Target} after a silo left ({ExceptionType}); its reminders will")]
    private partial void LogWakeFailed(string target, string exceptionType);
}
