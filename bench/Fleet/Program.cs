using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using OscpFleet.Bench;
using OscpFleet.Bench.Fleet;
using OscpFleet.Testing;

// Fleet scale: --sites sites on --silos silos (one Azurite, one gateway, the CP simulator as the Vector peer, the fleet
// simulator as the CSMS). 1. import through sites:import until every first limit is applied (the storm: every site's
// first webhook at once, paced per CSMS endpoint); 2. the anchor (typed read + one Table upsert, same Azurite) and a
// forecast burst to every site; 3. memory per active site; 4. a silo killed: how long until every site answers again,
// and every acknowledged forecast's limit delivered; 5. a rolling restart during a second burst. Last line: RESULT fleet.
if (BenchRun<BenchOptions>.Start(BenchOptions.Parse(args), BenchOptions.Usage,
        o => $"dotnet run -c Release --project bench/Fleet -- --sites {o.Sites} --silos {o.Silos} --concurrency {o.Concurrency} --warmup {o.Warmup}",
        out var exitCode) is not { } bench)
{
    return exitCode;
}

var options = bench.Options;
void Progress(string line) => bench.Progress(line);
await BenchRun<BenchOptions>.WarnIfMachineBusyAsync();

string[] sites = [.. Enumerable.Range(1, options.Sites).Select(i => string.Create(CultureInfo.InvariantCulture, $"FLEET_{i:00000}"))];
var cluster = new ManySitesCluster(sites, g => [($"{g}-CS1", 150), ($"{g}-CS2", 50)]);
var failures = new List<string>();
long heapBefore;
try
{
    await cluster.InitializeAsync();
    for (var i = 1; i < options.Silos; i++) await cluster.StartSiloAsync();
    Progress($"deployment up: {options.Silos} silos, gateway, CP online, CSMS simulator");
    // The deployment without sites: what the heap holds before any site exists.
    heapBefore = GC.GetTotalMemory(forceFullCollection: true);

    // 1. Import → every first limit applied and confirmed.
    cluster.Csms.ResetWebhookPeak();
    var import = Stopwatch.StartNew();
    var onboarded = await cluster.OnboardAsync(sites);
    var importApplied = import.Elapsed;
    var peakWebhooks = cluster.Csms.PeakWebhooksInFlight;
    Progress($"{sites.Length} sites imported, every first limit applied in {importApplied.TotalSeconds:0.0} s; peak webhooks in flight at the CSMS {peakWebhooks} (cap {OscpFleet.Grains.Outbound.OutboundPacer.DefaultCsmsMaxInFlight} per silo)");

    // 2. The anchor on the same Azurite, then the fleet's burst, with the same warm-up.
    var now = cluster.Clock.GetUtcNow();
    var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
    var warmSites = sites.Take(Math.Min(options.Warmup, sites.Length)).ToArray();
    byte[][] warmup = [.. warmSites.Select((s, i) => ForecastBodies.Build(s, start, 20_000 + i))];
    byte[][] burst = [.. sites.Select((s, i) => ForecastBodies.Build(s, start, i))];
    var (anchor, _) = await AnchorBenchmark.RunAsync(cluster.Storage.ConnectionString, [warmup], burst, options.Concurrency);
    Progress($"anchor: {anchor.PerSecond:0} forecasts/s, p99 {anchor.Latency.P99:0.0} ms");

    var token = await cluster.CpTokenAsync();
    using var http = Burst.Client(cluster.Gateway.BaseAddress, options.Concurrency);
    if (warmup.Length > 0)
    {
        using var warmStamps = new WebhookStamps(cluster.Csms, warmSites, [.. warmSites.Select(s => onboarded[s])]);
        var warm = new BurstResult(await Burst.RunAsync(http, warmup.Length, options.Concurrency, i => ForecastBodies.Request(warmup[i], token)));
        await warmStamps.WaitAsync(TimeSpan.FromSeconds(120));
        for (var i = 0; i < warmSites.Length; i++) onboarded[warmSites[i]] = warmStamps.Version(i) ?? onboarded[warmSites[i]];
        if (warm.Non204 > 0) failures.Add($"warm-up: {warm.Non204} forecasts not answered 204");
    }
    using var stamps = new WebhookStamps(cluster.Csms, sites, [.. sites.Select(s => onboarded[s])]);
    var fleetBurst = new BurstResult(await Burst.RunAsync(http, burst.Length, options.Concurrency, i => ForecastBodies.Request(burst[i], token)));
    var missing = await stamps.WaitAsync(TimeSpan.FromSeconds(120));
    var lost = Enumerable.Range(0, sites.Length).Count(i => fleetBurst.Timings[i].Status == 204 && stamps.AcceptedAt(i) is null);
    Progress($"burst: {fleetBurst.PerSecond:0} forecasts/s ({fleetBurst.PerSecond / anchor.PerSecond:0.00}× the anchor), p99 {fleetBurst.Latency.P99:0.0} ms, {fleetBurst.Non204} not 204, {missing} webhooks missing");

    // 3. Memory per active site: the whole process's heap after a full collection, less what the running deployment held
    // before any site existed, divided by the sites (each active with its 96-block forecast and version). The
    // simulators' records of every webhook and call are cleared first; the CSMS simulator's own per-site state stays in.
    cluster.Csms.ClearRecords();
    cluster.Simulator.ClearRecords();
    var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
    var bytesPerSite = (heapAfter - heapBefore) / (double)sites.Length;
    Progress($"heap after a full collection: {heapAfter / 1048576.0:0} MiB, {heapBefore / 1048576.0:0} MiB before any site ({bytesPerSite:0} bytes per site, the CSMS simulator's site state included)");

    // 4. A silo killed: time until every site answers again through the operator API.
    using var ops = await cluster.OperatorAsync();
    ops.Timeout = TimeSpan.FromSeconds(60);
    var kill = Stopwatch.StartNew();
    await cluster.StopSiloAsync(cluster.Silos[^1], graceful: false);
    var stillDown = new HashSet<string>(sites, StringComparer.Ordinal);
    while (stillDown.Count > 0 && kill.Elapsed < TimeSpan.FromSeconds(120))
    {
        var answered = await Task.WhenAll(stillDown.Take(2000).Select(async s =>
        {
            try
            {
                using var response = await ops.GetAsync($"/api/v1/sites/{s}");
                return response.IsSuccessStatusCode ? s : null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }));
        foreach (var s in answered) if (s is not null) stillDown.Remove(s);
    }
    var killRecovery = kill.Elapsed;
    if (stillDown.Count > 0) failures.Add($"{stillDown.Count} sites did not answer within 120 s of the kill");
    Progress($"silo killed: every site answered again after {killRecovery.TotalSeconds:0.0} s");
    await cluster.StartSiloAsync();

    // 5. A rolling restart (each silo replaced gracefully, one at a time) during a second burst; the sender retries a
    // 503 (with Retry-After) as a CP does; anything else is an error.
    byte[][] second = [.. sites.Select((s, i) => ForecastBodies.Build(s, start, 50_000 + i))];
    var errors = 0;
    var retried = 0;
    var rolling = Task.Run(async () =>
    {
        foreach (var silo in cluster.Silos.ToArray())
        {
            await cluster.StartSiloAsync();
            await cluster.StopSiloAsync(silo, graceful: true);
        }
    });
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
    {
        for (var i = Interlocked.Increment(ref next); i < second.Length; i = Interlocked.Increment(ref next))
        {
            while (true)
            {
                using var response = await http.SendAsync(ForecastBodies.Request(second[i], token));
                if ((int)response.StatusCode == 204) break;
                if ((int)response.StatusCode == 503 && response.Headers.RetryAfter is not null)
                {
                    Interlocked.Increment(ref retried);
                    continue;
                }
                Interlocked.Increment(ref errors);
                break;
            }
        }
    })));
    await rolling;
    Progress($"rolling restart of {options.Silos} silos during a second burst: {errors} errors, {retried} retried 503s");

    Console.WriteLine();
    Console.WriteLine($"| metric | OscpFleet | anchor | ratio |");
    Console.WriteLine($"| --- | ---: | ---: | ---: |");
    Console.WriteLine(ResultTable.Row("forecasts/s", fleetBurst.PerSecond, anchor.PerSecond, "0"));
    Console.WriteLine(ResultTable.Row("request p99 (ms)", fleetBurst.Latency.P99, anchor.Latency.P99, "0.0"));
    Console.WriteLine();
    Console.WriteLine($"machine: {bench.Machine}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total run: {bench.Total.Elapsed.TotalSeconds:0} s"));
    foreach (var failure in failures) Console.Error.WriteLine("FAILED: " + failure);
    Console.WriteLine(ResultTable.ResultLine("fleet",
        ("sites", F(sites.Length, "0")),
        ("silos", F(options.Silos, "0")),
        ("import_applied_s", F(importApplied.TotalSeconds, "0.0")),
        ("forecasts_per_s", F(fleetBurst.PerSecond, "0")),
        ("anchor_per_s", F(anchor.PerSecond, "0")),
        // Not measured by this run: the quarter-hour boundary at fleet scale (bench/Metering measures it per boundary).
        ("reports_last_s", "nan"),
        ("bytes_per_site", F(bytesPerSite, "0")),
        ("peak_webhooks_in_flight", F(peakWebhooks, "0")),
        ("lost", F(lost, "0")),
        ("kill_recovery_s", F(killRecovery.TotalSeconds, "0.0")),
        ("rolling_restart_errors", F(errors, "0"))));
    return failures.Count > 0 || lost > 0 || errors > 0 ? 1 : 0;
}
finally
{
    await cluster.DisposeAsync();
}

static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "nan";
