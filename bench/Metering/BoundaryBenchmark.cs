using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Sites;
using OscpFleet.Testing;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Reporting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Bench.Metering;

/// <summary>What one quarter-hour boundary (or the baseline's burst of the same reports) showed.</summary>
/// <param name="Sites">Reports expected (one per site).</param>
/// <param name="Missing">Reports the CP had not accepted when the timeout passed.</param>
/// <param name="ToLast">From the trigger to the last report accepted by the CP.</param>
/// <param name="Reports">Trigger → each report accepted by the CP.</param>
/// <param name="Ticks">Trigger → each site's tick returned (its period closed and stored; OscpFleet only).</param>
/// <param name="Cpu">Average cores busy from the trigger to the last report.</param>
/// <param name="StorageToLast">Requests to Azurite from the trigger to the last report; null for the baseline.</param>
/// <param name="StorageSettled">Requests to Azurite from the trigger until the writes stopped (the sites' follow-up ticks included).</param>
/// <param name="Settled">From the trigger until the writes to Azurite stopped.</param>
internal sealed record BoundaryResult(
    int Sites, int Missing, TimeSpan ToLast, Latency Reports, Latency? Ticks, CpuReport Cpu, StorageCount? StorageToLast, StorageCount? StorageSettled, TimeSpan? Settled)
{
    /// <summary>Reports accepted per second, trigger to last.</summary>
    public double ReportsPerSecond => ToLast > TimeSpan.Zero ? (Sites - Missing) / ToLast.TotalSeconds : double.NaN;
}

/// <summary>
/// Measurement 2: a quarter-hour boundary with every site's period to close at once (reports not spread), timed from
/// the trigger to the CP simulator's acceptance of each report; and the baseline, the same reports posted straight to
/// the CP simulator with the product's <see cref="OscpClient"/>, all at once like the sites.
/// </summary>
internal static class BoundaryBenchmark
{
    /// <summary>The name of the site grain's report reminder (what the runtime passes when it fires).</summary>
    private const string ReportReminder = "site-report";

    /// <summary>
    /// One boundary: puts the period samples of the period starting at <paramref name="periodStart"/> in every site
    /// (through the gateway, clock 10 minutes into the period), moves the clock 1 s past the period's end, then ticks
    /// every site at once as its report reminder would, and follows the reports to the CP.
    /// </summary>
    public static async Task<BoundaryResult> FleetAsync(
        MeteringBenchCluster cluster, StorageTraffic storage, IReadOnlyList<string> sites, BenchOptions options, DateTimeOffset t0, DateTimeOffset periodStart)
    {
        var token = await cluster.CsmsTokenAsync();
        cluster.AdvanceTo(periodStart.AddMinutes(10));
        var bodies = SamplePlan.Period(sites, options.Chargers, options.PeriodBatchSites, t0, periodStart, options.PeriodSamples);
        using (var http = Burst.Client(cluster.Gateway.BaseAddress, options.Concurrency))
        {
            await IngestBenchmark.PostAllAsync(http, token, bodies, options.Concurrency, $"period samples of {periodStart:HH:mm}");
        }
        cluster.AdvanceTo(periodStart.AddMinutes(15).AddSeconds(1));
        await QuietAsync(storage);

        // The silo's own grain factory: the reminder service calls the site from there too.
        var grains = cluster.Silos[0].Services.GetRequiredService<IGrainFactory>();
        var stamps = new ReportStamps(cluster.Simulator, sites, periodStart, ReportStamps.Mark(cluster.Simulator), TimeSpan.FromSeconds(options.ReportTimeoutSeconds));
        var before = storage.Now;
        var cpu = CpuUsage.Start();
        var trigger = Stopwatch.GetTimestamp();
        var ticks = new Task<long>[sites.Count];
        for (var i = 0; i < sites.Count; i++) ticks[i] = TickAsync(grains.GetGrain<ISiteGrain>(sites[i]).AsReference<IRemindable>());
        var ticked = await Task.WhenAll(ticks);
        var missing = await stamps.WaitAsync();
        var atLast = storage.Now;
        var usage = cpu.Stop();
        var (settled, settledAt) = await storage.SettleAsync();

        var accepted = stamps.All.ToList();
        var last = accepted.Count > 0 ? accepted.Max() : trigger;
        return new BoundaryResult(
            sites.Count, missing, Stopwatch.GetElapsedTime(trigger, last),
            Latency.Of(accepted.Select(t => Stopwatch.GetElapsedTime(trigger, t).TotalMilliseconds)),
            Latency.Of(ticked.Select(t => Stopwatch.GetElapsedTime(trigger, t).TotalMilliseconds)),
            usage, atLast - before, settled - before, Stopwatch.GetElapsedTime(trigger, settledAt));
    }

    /// <summary>
    /// The baseline: <paramref name="warmups"/> rounds (not measured), then one measured round, each posting one
    /// <c>update_asset_measurements</c> per site for the period starting at <paramref name="periodStart"/> — built
    /// by the product's <see cref="MeasurementReports.ForVector"/>, the body a site sends — straight to the CP
    /// simulator with the silo's own <see cref="OscpClient"/> (same HTTP pipeline, token cache and peer endpoint),
    /// all at once as the sites send them. No grains, no storage.
    /// </summary>
    public static async Task<BoundaryResult> BaselineAsync(
        MeteringBenchCluster cluster, StorageTraffic storage, IReadOnlyList<string> sites, BenchOptions options, DateTimeOffset periodStart, int warmups)
    {
        var services = cluster.Silos[0].Services;
        var client = services.GetRequiredService<OscpClient>();
        var peer = services.GetRequiredService<IOptionsMonitor<OscpOptions>>().CurrentValue.Peers[VectorPeerCluster.PeerId];
        var endpoint = OscpPeerEndpoint.FromOptions(VectorPeerCluster.PeerId, peer);
        // What a site reports for a period of the benchmark: its chargers at 5.4 kW over the period samples' span.
        var energyWh = options.Chargers * SamplePlan.PowerW * (15 * 60 - SamplePlan.PeriodSamplesFrom) / 3600.0;
        UpdateAssetMeasurements[] reports = [.. sites.Select(g => MeasurementReports.ForVector(g, g,
            new PeriodReport(periodStart, periodStart.AddMinutes(15), energyWh, options.Chargers * SamplePlan.PowerW, 3 * energyWh)))];

        for (var w = 0; w < warmups; w++)
        {
            var warm = await SendAllAsync(cluster, client, endpoint, sites, reports, periodStart, options, storage);
            if (warm.Missing > 0) throw new InvalidOperationException($"baseline report warm-up {w + 1}: {warm.Missing} reports missing");
        }
        await QuietAsync(storage);
        return await SendAllAsync(cluster, client, endpoint, sites, reports, periodStart, options, storage);
    }

    private static async Task<BoundaryResult> SendAllAsync(
        MeteringBenchCluster cluster, OscpClient client, OscpPeerEndpoint endpoint, IReadOnlyList<string> sites, UpdateAssetMeasurements[] reports,
        DateTimeOffset periodStart, BenchOptions options, StorageTraffic storage)
    {
        var stamps = new ReportStamps(cluster.Simulator, sites, periodStart, ReportStamps.Mark(cluster.Simulator), TimeSpan.FromSeconds(options.ReportTimeoutSeconds));
        var before = storage.Now;
        var cpu = CpuUsage.Start();
        var trigger = Stopwatch.GetTimestamp();
        // Each off the caller's thread, as a site starts its send (Task.Run off the grain's scheduler).
        var sends = reports.Select(r => Task.Run(() => client.SendAsync(endpoint, r))).ToArray();
        var results = await Task.WhenAll(sends);
        var missing = await stamps.WaitAsync();
        var usage = cpu.Stop();
        var storageUsed = storage.Now - before;
        if (results.FirstOrDefault(r => !r.IsDelivered) is { } failed)
            throw new InvalidOperationException($"baseline: a report was not delivered: {failed.Outcome} {failed.StatusCode} {failed.Error}");

        var accepted = stamps.All.ToList();
        var last = accepted.Count > 0 ? accepted.Max() : trigger;
        return new BoundaryResult(
            sites.Count, missing, Stopwatch.GetElapsedTime(trigger, last),
            Latency.Of(accepted.Select(t => Stopwatch.GetElapsedTime(trigger, t).TotalMilliseconds)),
            null, usage, storageUsed, null, null);
    }

    private static async Task<long> TickAsync(IRemindable site)
    {
        await site.ReceiveReminder(ReportReminder, default);
        return Stopwatch.GetTimestamp();
    }

    // Starts a measurement on a quiet deployment: after the previous step's follow-up work has reached storage.
    private static Task QuietAsync(StorageTraffic storage) => storage.SettleAsync();
}
