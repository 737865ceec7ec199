using OscpFleet.Testing;
using System.Diagnostics;
using System.Net.Http.Headers;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Bench.Doe;

/// <summary>
/// The OscpFleet run: a real deployment from the integration harness, every site imported through the operator API,
/// then the burst of forecasts from the CP at the gateway, each followed to the CSMS's signed webhook.
/// </summary>
internal static class FleetBenchmark
{
    /// <summary>
    /// Starts <paramref name="cluster"/> (created for every site), runs it and stops it. <paramref name="warmupSites"/>
    /// first get the rounds of <paramref name="warmup"/> (round r: body i to site i; each round waits for its webhooks;
    /// not measured); then each of <paramref name="sites"/> gets <paramref name="burst"/>[i]. <paramref name="afterOnboarding"/>
    /// runs on the quiet deployment before the warm-up (the anchor uses its Azurite). After the burst the run waits
    /// <paramref name="hold"/> (when positive) with every site active, for a heap dump from outside. Before the burst it
    /// waits <paramref name="traceWait"/> (when positive), for a trace from outside to cover the burst.
    /// </summary>
    public static async Task<FleetResult> RunAsync(
        ManySitesCluster cluster, IReadOnlyList<string> warmupSites, IReadOnlyList<byte[][]> warmup, IReadOnlyList<string> sites,
        IReadOnlyList<byte[]> burst, int concurrency, TimeSpan webhookTimeout, Func<ManySitesCluster, Task> afterOnboarding, Action<string> progress, TimeSpan hold, TimeSpan traceWait)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await cluster.InitializeAsync();
            var startup = clock.Elapsed;
            progress($"deployment up in {startup.TotalSeconds:0.0} s (Azurite, silo, gateway, CP peer online, CSMS simulator)");
            // The running deployment without sites: what the heap holds before any site exists.
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

            clock.Restart();
            Dictionary<string, long> onboarded;
            using (var importTraffic = new StorageTraffic(cluster.Storage.Port))
            {
                var (idle, _) = await importTraffic.SettleAsync();
                var idleByTable = importTraffic.WritesByTable;
                clock.Restart();
                onboarded = await cluster.OnboardAsync([.. warmupSites, .. sites]);
                var (imported, _) = await importTraffic.SettleAsync();
                // What a new site costs in Table writes, its follow-ups included (first webhook's marks, reminders, registry).
                progress($"import: {(imported - idle).Writes / (double)onboarded.Count:0.00} Table writes and {(imported - idle).Reads / (double)onboarded.Count:0.00} reads per new site (until storage was quiet); writes by table: "
                    + string.Join(", ", importTraffic.WritesByTable.Select(w => (w.Key, Count: w.Value - idleByTable.GetValueOrDefault(w.Key)))
                        .Where(w => w.Count > 0).OrderByDescending(w => w.Count).Select(w => $"{w.Key} {w.Count}")));
            }
            var onboarding = clock.Elapsed;
            progress($"{onboarded.Count} sites imported, first webhooks applied and confirmed in {onboarding.TotalSeconds:0.0} s");

            await afterOnboarding(cluster);

            var token = await cluster.CpTokenAsync();
            using var http = Burst.Client(cluster.Gateway.BaseAddress, concurrency);
            var (extraRounds, lastJitted) = await WarmAsync(cluster, warmupSites, warmup, http, token, onboarded, concurrency, webhookTimeout);
            if (warmup.Count > 0)
                progress($"warm-up: {(warmup.Count + extraRounds) * warmupSites.Count} forecasts in {warmup.Count} + {extraRounds} rounds (the extra ones until a round compiled < {QuietJitMethods} methods; the last: {lastJitted}), answered and pushed");

            if (traceWait > TimeSpan.Zero)
            {
                progress($"waiting {traceWait.TotalSeconds:0} s before the burst for a trace: dotnet-trace collect -p {Environment.ProcessId}");
                await Task.Delay(traceWait);
            }

            using var storage = new StorageTraffic(cluster.Storage.Port);
            var (quiet, _) = await storage.SettleAsync();
            var byTableBefore = storage.WritesByTable;
            // The burst and its webhook stamps in a method of their own: the stamps hold every webhook the CSMS received
            // (~32 KB each), which must be gone before the heap is measured below.
            var (result, webhookMs, last, missingWebhooks, usage) = await MeasureBurstAsync(cluster, sites, burst, http, token, onboarded, concurrency, webhookTimeout);
            // Every write the burst caused, the follow-ups included (delivered and applied marks, watch reminders).
            var (settled, _) = await storage.SettleAsync();
            var writes = (settled - quiet).Writes;
            // The journal and history go as Table batch transactions ("POST $batch"); everything else is the state path.
            var recordWrites = storage.WritesByTable.GetValueOrDefault("POST $batch") - byTableBefore.GetValueOrDefault("POST $batch");
            progress($"burst: {(settled - quiet).BytesWritten / Math.Max(1, writes):N0} bytes per write; writes by table: " + string.Join(", ", storage.WritesByTable
                .Select(w => (w.Key, Count: w.Value - byTableBefore.GetValueOrDefault(w.Key)))
                .Where(w => w.Count > 0).OrderByDescending(w => w.Count).Select(w => $"{w.Key} {w.Count}")));

            // Memory per active site: the heap after a full blocking collection, less the deployment's before any site,
            // over every site (each active with a 96-block forecast and its versions held). The simulators' records of
            // each call are cleared first; the CSMS simulator's own per-site state stays in the figure.
            cluster.Csms.ClearRecords();
            cluster.Simulator.ClearRecords();
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var bytesPerSite = (heapAfter - heapBefore) / (double)(sites.Count + warmupSites.Count);
            progress($"heap after a full collection: {heapAfter / 1048576.0:0} MiB, {heapBefore / 1048576.0:0} MiB before any site: {bytesPerSite:0} bytes per active site");
            if (hold > TimeSpan.Zero)
            {
                progress($"holding {hold.TotalSeconds:0} s for a heap dump: dotnet-gcdump collect -p {Environment.ProcessId}");
                await Task.Delay(hold);
            }

            var endToEnd = last is { } end ? Stopwatch.GetElapsedTime(result.Timings.Min(t => t.SentAt), end) : TimeSpan.Zero;
            return new FleetResult(result, Latency.Of(webhookMs), missingWebhooks, endToEnd, startup, onboarding, usage, writes, writes - recordWrites, bytesPerSite);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task<(BurstResult Result, List<double> WebhookMs, long? Last, int Missing, CpuReport Usage)> MeasureBurstAsync(
        ManySitesCluster cluster, IReadOnlyList<string> sites, IReadOnlyList<byte[]> burst, HttpClient http, string token,
        IReadOnlyDictionary<string, long> onboarded, int concurrency, TimeSpan webhookTimeout)
    {
        using var stamps = new WebhookStamps(cluster.Csms, sites, [.. sites.Select(s => onboarded[s])]);
        var cpu = CpuUsage.Start();
        var result = new BurstResult(await Burst.RunAsync(http, burst.Count, concurrency, i => ForecastBodies.Request(burst[i], token)));
        var missing = await stamps.WaitAsync(webhookTimeout);
        var usage = cpu.Stop();
        var webhookMs = new List<double>();
        long? last = null;
        for (var i = 0; i < sites.Count; i++)
        {
            if (stamps.AcceptedAt(i) is not { } accepted) continue;
            webhookMs.Add(Stopwatch.GetElapsedTime(result.Timings[i].SentAt, accepted).TotalMilliseconds);
            last = Math.Max(last ?? accepted, accepted);
        }
        return (result, webhookMs, last, missing, usage);
    }

    /// <summary>Extra warm-up rounds at most, while the JIT is still busy (<see cref="QuietJitMethods"/>).</summary>
    public const int MaxExtraRounds = 20;

    /// <summary>A warm-up round that compiled fewer methods than this leaves the JIT quiet enough to measure.</summary>
    public const int QuietJitMethods = 25;

    // In a method of its own, so that no webhook stamp of the warm-up outlives it (they would count as site memory).
    // After the given rounds, more (alternating the last two, so each still makes a new version) until a round compiles
    // fewer than QuietJitMethods methods: tiered compilation promotes hot methods only after enough calls, and a burst
    // that still pays for that measures the JIT rather than the product. Returns the extra rounds and the last round's count.
    private static async Task<(int ExtraRounds, long LastRoundJitted)> WarmAsync(
        ManySitesCluster cluster, IReadOnlyList<string> warmupSites, IReadOnlyList<byte[][]> warmup, HttpClient http, string token,
        IReadOnlyDictionary<string, long> onboarded, int concurrency, TimeSpan webhookTimeout)
    {
        long[] warmVersions = [.. warmupSites.Select(s => onboarded[s])];
        var extra = 0;
        var jitted = long.MaxValue;
        for (var r = 0; r < warmup.Count + extra; r++)
        {
            var round = r < warmup.Count ? warmup[r] : warmup[warmup.Count - 2 + ((r - warmup.Count) % 2)];
            var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            using (var warmStamps = new WebhookStamps(cluster.Csms, warmupSites, warmVersions))
            {
                var warm = new BurstResult(await Burst.RunAsync(http, round.Length, concurrency, i => ForecastBodies.Request(round[i], token)));
                if (warm.Non204 > 0) throw new InvalidOperationException("OscpFleet warm-up failed: " + string.Join("; ", warm.Failures(5)));
                if (await warmStamps.WaitAsync(webhookTimeout) is var missing and > 0)
                    throw new InvalidOperationException($"OscpFleet warm-up: {missing} webhooks missing");
                warmVersions = [.. warmupSites.Select((_, i) => warmStamps.Version(i)!.Value)];
            }

            jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore;
            if (r == warmup.Count + extra - 1 && warmup.Count >= 2 && jitted >= QuietJitMethods && extra < MaxExtraRounds) extra++;
        }

        return (extra, jitted);
    }
}
