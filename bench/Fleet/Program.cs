using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OscpFleet.Bench;
using OscpFleet.Bench.Fleet;
using OscpFleet.Oscp.Wire;
using OscpFleet.Testing;

// Fleet scale on a real multi-process cluster: --silos silo processes and --gateways gateway processes of the published
// apps (tests/Testing's ProcessCluster: configured through the environment as pods are) on one Azurite; the CP simulator
// (peer vector_test, reports every --report-period minutes) and the fleet simulator (CSMS main) in this process. 1. import through
// sites:import until every first limit is applied; 2. the anchor (typed read + one Table upsert, same Azurite) and a
// forecast burst to every site over the gateways; 3. memory per site in the silo processes; 4. a report boundary: the last
// report accepted; 5. a silo killed (SIGKILL): until every site answers again; 6. a rolling restart (SIGTERM, one silo at
// a time) during a second burst. Last line: RESULT fleet.
if (BenchRun<BenchOptions>.Start(BenchOptions.Parse(args), BenchOptions.Usage,
        o => $"dotnet run -c Release --project bench/Fleet -- --sites {o.Sites} --silos {o.Silos} --gateways {o.Gateways} --concurrency {o.Concurrency} --warmup {o.Warmup} --report-period {o.ReportPeriod} --report-spread {o.ReportSpread} --csms-cap {o.CsmsCap} --hold {o.Hold} --until {o.Until}",
        out var exitCode) is not { } bench)
{
    return exitCode;
}

var options = bench.Options;
void Progress(string line) => bench.Progress(line);
await BenchRun<BenchOptions>.WarnIfMachineBusyAsync();

// Every run keeps its processes' logs, with the cluster's membership and directory, the wake-up after a silo loss, the hand-over and the
// CP connection's changes at Information (a few hundred lines): a rolling restart that takes the connection Offline is
// rare, and the run that shows it has to be the one that explains it. OSCPFLEET_PROCESS_LOG_DIR and
// OSCPFLEET_PROCESS_SETTINGS, when set, still decide (settings given there are applied after these).
var logDirectory = Environment.GetEnvironmentVariable("OSCPFLEET_PROCESS_LOG_DIR");
if (string.IsNullOrEmpty(logDirectory))
{
    logDirectory = Path.Combine(Path.GetTempPath(), "oscpfleet-fleet-logs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
    Environment.SetEnvironmentVariable("OSCPFLEET_PROCESS_LOG_DIR", logDirectory);
}
string[] diagnosticLevels = ["Orleans.Runtime.MembershipService", "Orleans.Runtime.GrainDirectory", "OscpFleet.Grains.Sites.SiteWakeUp", "OscpFleet.Grains.Peers", "OscpFleet.Grains.Outbound.HandoverFirst"];
Environment.SetEnvironmentVariable("OSCPFLEET_PROCESS_SETTINGS", string.Join(';',
    diagnosticLevels.Select(c => $"Logging:LogLevel:{c}=Information").Append(Environment.GetEnvironmentVariable("OSCPFLEET_PROCESS_SETTINGS") ?? "")));
Progress($"process logs: {logDirectory}");

string[] sites = [.. Enumerable.Range(1, options.Sites).Select(i => string.Create(CultureInfo.InvariantCulture, $"FLEET_{i:00000}"))];
var patience = TimeSpan.FromSeconds(Math.Max(300, sites.Length * 0.1));
await using var cluster = new ProcessCluster(new ProcessClusterOptions
{
    Sites = sites,
    Silos = options.Silos,
    Gateways = options.Gateways,
    ReportPeriodMinutes = options.ReportPeriod,
    ReportSpreadSeconds = options.ReportSpread,
    ExtraSettings = new Dictionary<string, string?>
    {
        [$"Csms:Endpoints:{ProcessCluster.CsmsName}:MaxInFlight"] = options.CsmsCap.ToString(CultureInfo.InvariantCulture),
        [$"Oscp:Peers:{ProcessCluster.PeerId}:MaxInFlight"] = options.CpCap.ToString(CultureInfo.InvariantCulture),
    },
});
var failures = new List<string>();
var peakReports = double.NaN;
await cluster.StartAsync();
Progress($"deployment up: {options.Silos} silo processes, {options.Gateways} gateway processes, CP online, CSMS simulator");
// The silos without sites: their heaps after a full collection. Measured twice, the second taken: the first request
// of a silo (its first diagnostic session and scrape) leaves a few MB of one-off objects behind that are no site's.
var heapFirst = await HeapsAsync();
var heapBefore = await HeapsAsync();
Progress($"silo heaps before any site: {heapFirst / 1048576.0:0.0} MiB at the first measurement, {heapBefore / 1048576.0:0.0} MiB at the second (taken)");
if (options.Hold > 0)
{
    Progress($"holding {options.Hold} s before any site: silo pids {string.Join(", ", cluster.Silos.Select(s => s.Id))} (dotnet-gcdump collect -p <pid>)");
    await Task.Delay(TimeSpan.FromSeconds(options.Hold));
}

// 1. Import → every first limit applied and confirmed; the sites imported first report from the next boundary on, so the
// import starts as a report window closes, with the rest of the period ahead of it.
await AfterReportWindowAsync("the import", TimeSpan.FromMinutes(options.ReportPeriod) - TimeSpan.FromSeconds(45));
cluster.Csms.ResetWebhookPeak();
var import = Stopwatch.StartNew();
var nextImportLine = 1000;
var (lastImportLine, lastImported) = (TimeSpan.Zero, 0);
var onboarded = await cluster.OnboardAsync(patience, imported =>
{
    // The import rate by fleet size: does a new site cost more when the fleet is larger?
    if (imported < nextImportLine && imported < sites.Length) return;
    var elapsed = import.Elapsed;
    Progress($"import: {imported} sites accepted at {elapsed.TotalSeconds:0.0} s ({(imported - lastImported) / Math.Max((elapsed - lastImportLine).TotalSeconds, 0.001):0} sites/s since the last line)");
    (nextImportLine, lastImportLine, lastImported) = (nextImportLine + 1000, elapsed, imported);
});
var importApplied = import.Elapsed;
var peakWebhooks = cluster.Csms.PeakWebhooksInFlight;
Progress($"{sites.Length} sites imported, every first limit applied in {importApplied.TotalSeconds:0.0} s; peak webhooks in flight at the CSMS {peakWebhooks} (cap {options.CsmsCap} for the cluster, {Math.Max(1, options.CsmsCap / options.Silos)} a silo)");

// 2. The anchor on the same Azurite, then the fleet's burst over the gateways, with the same warm-up. The warm-up goes in
// rounds of one forecast to each of up to WarmRoundSites sites (consecutive rounds alternate two bodies, so each makes a new
// version), each round waiting for its webhooks. OscpFleet then gets more rounds (at most MaxExtraRounds) until no process
// of the deployment (each silo, each gateway, this one with the simulators) compiled QuietJitMethods methods or more in a
// round: each process tiers up its own hot paths, and a burst that still pays for that measures the JIT, not the product.
const int WarmRoundSites = 500, QuietJitMethods = 25, MaxExtraRounds = 20;
var now = DateTimeOffset.UtcNow;
var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
var warmSites = sites.Take(Math.Min(Math.Min(options.Warmup, WarmRoundSites), sites.Length)).ToArray();
var warmRounds = warmSites.Length == 0 ? 0 : (options.Warmup + warmSites.Length - 1) / warmSites.Length;
byte[][][] warmBodies = [.. Enumerable.Range(0, 2).Select(r => warmSites.Select((s, i) => ForecastBodies.Build(s, start, 20_000 + i + r)).ToArray())];
byte[][] burst = [.. sites.Select((s, i) => ForecastBodies.Build(s, start, i))];
await AfterReportWindowAsync("the anchor", TimeSpan.FromSeconds(40));
var (anchor, anchorCpu) = await AnchorBenchmark.RunAsync(cluster.Storage.ConnectionString, [.. Enumerable.Range(0, warmRounds).Select(r => warmBodies[r % 2])], burst, options.Concurrency);
Progress($"anchor: {anchor.PerSecond:0} forecasts/s, p99 {anchor.Latency.P99:0.0} ms");

var token = await cluster.CpTokenAsync();
using var http = Burst.Client(cluster.Gateways[0].BaseAddress, options.Concurrency);
HttpRequestMessage Forecast(byte[] body, int i)
{
    var request = ForecastBodies.Request(body, token);
    request.RequestUri = new Uri(cluster.Gateways[i % cluster.Gateways.Count].BaseAddress, request.RequestUri!);
    return request;
}
var (extraRounds, lastRoundJit) = (0, 0L);
for (var r = 0; r < warmRounds + extraRounds; r++)
{
    var round = warmBodies[r % 2];
    var jitBefore = await JitCountsAsync();
    using var warmStamps = new WebhookStamps(cluster.Csms, warmSites, [.. warmSites.Select(s => onboarded[s])]);
    var warm = new BurstResult(await Burst.RunAsync(http, round.Length, options.Concurrency, i => Forecast(round[i], i)));
    if (warm.Non204 > 0 || await warmStamps.WaitAsync(patience) is > 0)
    {
        failures.Add($"warm-up round {r + 1}: {warm.Non204} forecasts not answered 204, webhooks missing: " + string.Join("; ", warm.Failures(3)));
        break;
    }
    for (var i = 0; i < warmSites.Length; i++) onboarded[warmSites[i]] = warmStamps.Version(i)!.Value;
    var jitAfter = await JitCountsAsync();
    lastRoundJit = jitAfter.Zip(jitBefore, (a, b) => a - b).Max();
    if (r == warmRounds + extraRounds - 1 && lastRoundJit >= QuietJitMethods && extraRounds < MaxExtraRounds) extraRounds++;
}
if (warmRounds > 0)
    Progress($"warm-up: {(warmRounds + extraRounds) * warmSites.Length} forecasts in {warmRounds} + {extraRounds} rounds of {warmSites.Length} (the extra ones until no process compiled {QuietJitMethods} methods in a round; the last round's most: {lastRoundJit})");
await AfterReportWindowAsync("the burst", TimeSpan.FromSeconds(40));
using var stamps = new WebhookStamps(cluster.Csms, sites, [.. sites.Select(s => onboarded[s])]);
var burstCpu = CpuUsage.Start();
var fleetBurst = new BurstResult(await Burst.RunAsync(http, burst.Length, options.Concurrency, i => Forecast(burst[i], i)));
var missing = await stamps.WaitAsync(patience);
var fleetCpu = burstCpu.Stop();
var lost = Enumerable.Range(0, sites.Length).Count(i => fleetBurst.Timings[i].Status == 204 && stamps.AcceptedAt(i) is null);
Progress($"burst over {cluster.Gateways.Count} gateways: {fleetBurst.PerSecond:0} forecasts/s ({fleetBurst.PerSecond / anchor.PerSecond:0.00}× the anchor), p99 {fleetBurst.Latency.P99:0.0} ms, {fleetBurst.Non204} not 204, {missing} webhooks missing");
// Both bursts saturate the machine's cores, so the ratio is that of CPU per forecast: where each one's went.
Progress($"CPU per forecast (ms; the burst until its last webhook): {fleetCpu.PerItemByRole(fleetBurst.Count, "bench process (load, CP and CSMS simulators)")}; "
    + $"cores busy {fleetCpu.Machine:0.00}. The anchor's: {anchorCpu.PerItemByRole(anchor.Count, "bench process (load, anchor)")}; cores busy {anchorCpu.Machine:0.00}");

// 3. Memory per site: the silos' heaps after a full collection, less what they held before any site existed, per site
// (every site active with its forecast, versions, outbox and meter rows).
var heapAfter = await HeapsAsync();
var bytesPerSite = (heapAfter - heapBefore) / (double)sites.Length;
Progress($"silo heaps after a full collection: {heapAfter / 1048576.0:0} MiB, {heapBefore / 1048576.0:0} MiB before any site ({bytesPerSite:0} bytes per site)");
if (options.Hold > 0)
{
    Progress($"holding {options.Hold} s with every site active: silo pids {string.Join(", ", cluster.Silos.Select(s => s.Id))} (dotnet-gcdump collect -p <pid>)");
    await Task.Delay(TimeSpan.FromSeconds(options.Hold));
}
if (options.Until == 3) return Finish(double.NaN);

// 4. A report boundary: the period after the burst; the last report accepted, seconds after the spread window closed.
var period = TimeSpan.FromMinutes(options.ReportPeriod);
var afterBurst = DateTimeOffset.UtcNow;
var boundary = new DateTimeOffset(afterBurst.UtcTicks - (afterBurst.UtcTicks % period.Ticks) + period.Ticks, TimeSpan.Zero);
var reported = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
var fleet = sites.ToHashSet(StringComparer.Ordinal);
cluster.Cp.ResetPeakInFlight(OscpMessageKind.UpdateAssetMeasurements);
// One waiter for the whole fleet, each message read once: a waiter per site would read every report once per site.
var allReported = cluster.Cp.WaitForReceivedAsync(m =>
{
    if (m.Kind != OscpMessageKind.UpdateAssetMeasurements || !m.Accepted) return false;
    var (groupId, periodStart) = OscpFleet.Testing.MeteringCluster.ReportOf(m);
    if (periodStart != boundary - period || groupId is null || !fleet.Contains(groupId)) return false;
    reported.TryAdd(groupId, DateTimeOffset.UtcNow);
    return reported.Count == fleet.Count;
}, period + patience);
try
{
    await allReported;
}
catch (TimeoutException)
{
}
var spreadClosed = boundary + TimeSpan.FromSeconds(cluster.Options.CloseGraceSeconds + options.ReportSpread);
var reportsLast = reported.Count == sites.Length ? (reported.Values.Max() - spreadClosed).TotalSeconds : double.NaN;
if (reported.Count < sites.Length) failures.Add($"{sites.Length - reported.Count} reports of {boundary - period:HH:mm}–{boundary:HH:mm} did not arrive");
peakReports = cluster.Cp.PeakInFlight(OscpMessageKind.UpdateAssetMeasurements);
Progress($"report boundary {boundary:HH:mm:ss}: {reported.Count} of {sites.Length} reports accepted, the last {reportsLast:0.0} s after the spread window closed ({options.ReportSpread} s spread, {cluster.Options.CloseGraceSeconds} s close grace); peak reports in flight at the CP {peakReports} (cap {options.CpCap} for the cluster, {Math.Max(1, options.CpCap / options.Silos)} a silo)");

if (options.Until == 4) return Finish(reportsLast);

// 5. A silo killed (SIGKILL): time until every site answers again through the operator API (all gateways).
var operators = await Task.WhenAll(Enumerable.Range(0, cluster.Gateways.Count).Select(cluster.OperatorAsync));
// The same probe on the healthy cluster first: how long the probes themselves take to reach every site.
var healthy = Stopwatch.StartNew();
var (healthyAnswers, _) = await ProbeEverySiteAsync(operators, healthy, TimeSpan.FromSeconds(120));
Progress($"every site probed on the healthy cluster in {healthy.Elapsed.TotalSeconds:0.0} s ({healthyAnswers.Count} answered)");
var survivors = cluster.Silos.Take(cluster.Silos.Count - 1).ToArray();
var killScrape = await ScrapeDiff.StartAsync(survivors, cluster.Storage.Port);
var killCpu = CpuUsage.Start();
var kill = Stopwatch.StartNew();
var killedAt = DateTimeOffset.UtcNow;
await cluster.KillSiloAsync(cluster.Silos[^1]);
// When the membership table first lists the killed silo as no longer Active: the cluster's failure detection.
var declaredDead = Task.Run(async () =>
{
    while (kill.Elapsed < TimeSpan.FromSeconds(120) && (await cluster.ActiveSilosAsync()).Count >= options.Silos) await Task.Delay(TimeSpan.FromMilliseconds(250));
    return kill.Elapsed;
});
var (answeredAt, refused) = await ProbeEverySiteAsync(operators, kill, TimeSpan.FromSeconds(120));
var recoveryCpu = killCpu.Stop();
var recoveryWork = await killScrape.StopAsync(survivors, cluster.Storage.Port);
var stillDown = sites.Length - answeredAt.Count;
var killRecovery = stillDown == 0 ? answeredAt.Values.Max() : kill.Elapsed;
var detected = await declaredDead;
foreach (var ops in operators) ops.Dispose();
if (stillDown > 0) failures.Add($"{stillDown} sites did not answer within 120 s of the kill");
// How the answers spread over time: a long tail points at the probes' own queue, a late start at failure detection.
var answerTimes = answeredAt.Values.Order().ToArray();
string Answered(double share) => answerTimes.Length == 0 ? "-" : $"{answerTimes[Math.Min(answerTimes.Length - 1, (int)(share * answerTimes.Length))].TotalSeconds:0.0} s";
Progress(stillDown == 0
    ? $"silo killed: every site answered again after {killRecovery.TotalSeconds:0.0} s (declared dead after {detected.TotalSeconds:0.0} s; answered by then: 50 % at {Answered(0.5)}, 70 % at {Answered(0.7)}, 80 % at {Answered(0.8)}, 90 % at {Answered(0.9)}, 99 % at {Answered(0.99)}; {refused} probes refused on the way)"
    : $"silo killed: {stillDown} sites still not answering after {killRecovery.TotalSeconds:0.0} s (declared dead after {detected.TotalSeconds:0.0} s)");
// Where the recovery's time went: the cores each role kept busy, and what the surviving silos did meanwhile.
Progress($"CPU from the kill until every site answered (cores busy): {string.Join(", ", recoveryCpu.Children.GroupBy(c => c.Name.Split(" (", 2)[0], StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Sum(c => c.Cores):0.00}")))}, bench process {recoveryCpu.Self:0.00}; machine {recoveryCpu.Machine:0.00}");
Progress("the surviving silos meanwhile: " + string.Join("; ", recoveryWork.Take(20).Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Series} {w.Delta:0}"))));
Progress($"the CP's heartbeats from the kill until every site answered: {HeartbeatMargin(killedAt, DateTimeOffset.UtcNow)}");
await cluster.StartSiloAsync();
await cluster.WaitForActiveSilosAsync(options.Silos, patience);

// 6. A rolling restart (a replacement started, then each silo stopped with SIGTERM, one at a time) during a second burst;
// the sender retries a 503 with Retry-After as a CP does; anything else is an error.
byte[][] second = [.. sites.Select((s, i) => ForecastBodies.Build(s, start, 50_000 + i))];
var errors = 0;
var retried = 0;
var errorKinds = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var rollingFrom = DateTimeOffset.UtcNow;
var rolling = Task.Run(async () =>
{
    foreach (var silo in cluster.Silos.ToArray())
    {
        await cluster.StartSiloAsync();
        await cluster.StopSiloAsync(silo);
        await cluster.WaitForActiveSilosAsync(options.Silos, patience);
    }
});
var next = -1;
await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
{
    for (var i = Interlocked.Increment(ref next); i < second.Length || !rolling.IsCompleted; i = Interlocked.Increment(ref next))
    {
        while (true)
        {
            using var request = Forecast(second[i % second.Length], i);
            string kind;
            try
            {
                using var response = await http.SendAsync(request);
                if ((int)response.StatusCode == 204) break;
                if ((int)response.StatusCode == 503 && response.Headers.RetryAfter is not null)
                {
                    Interlocked.Increment(ref retried);
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                    continue;
                }
                var body = await response.Content.ReadAsStringAsync();
                kind = $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 160)]}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                kind = e.GetType().Name;
            }
            Interlocked.Increment(ref errors);
            errorKinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
            break;
        }
    }
})));
await rolling;
Progress($"rolling restart of {options.Silos} silos (SIGTERM) during a second burst: {errors} errors, {retried} retried 503s");
foreach (var (kind, count) in errorKinds.OrderByDescending(k => k.Value).Take(5)) Progress($"  {count} × {kind}");
Progress($"the CP's heartbeats during the rolling restart: {HeartbeatMargin(rollingFrom, DateTimeOffset.UtcNow)}");
// The CP connection as the operator sees it: a 409 above means it went Offline, and its reason says which side fell silent.
// Read again for up to 30 s if the cluster cannot answer yet (a 503 right after the restarts must not cost the RESULT line).
using (var ops = await cluster.OperatorAsync())
{
    var asked = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            var peer = await cluster.PeerAsync(ops);
            string Field(string name) => peer.TryGetProperty(name, out var v) ? v.ToString() : "-";
            Progress($"the CP connection after the restarts: {Field("state")} since {Field("stateSince")}; last offline reason: {Field("offlineReason")}; counters: {Field("counters")}");
            break;
        }
        catch (HttpRequestException e) when (asked.Elapsed < TimeSpan.FromSeconds(30))
        {
            Progress($"the CP connection after the restarts: not readable yet ({e.Message}); asking again");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        catch (HttpRequestException e)
        {
            Progress($"the CP connection after the restarts: not readable within 30 s ({e.Message})");
            break;
        }
    }
}

Console.WriteLine();
Console.WriteLine($"| metric | OscpFleet | anchor | ratio |");
Console.WriteLine($"| --- | ---: | ---: | ---: |");
Console.WriteLine(ResultTable.Row("forecasts/s", fleetBurst.PerSecond, anchor.PerSecond, "0"));
Console.WriteLine(ResultTable.Row("request p99 (ms)", fleetBurst.Latency.P99, anchor.Latency.P99, "0.0"));
Console.WriteLine();
Console.WriteLine($"machine: {bench.Machine}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total run: {bench.Total.Elapsed.TotalSeconds:0} s"));
return Finish(reportsLast, (killRecovery, errors));

// Every site is probed through the operator API until it answers, by a pool of probes working through one queue (no rounds:
// a round would wait for its slowest call); a site that did not answer goes to the back of the queue. When each answered.
async Task<(ConcurrentDictionary<string, TimeSpan> AnsweredAt, int Refused)> ProbeEverySiteAsync(HttpClient[] clients, Stopwatch clock, TimeSpan cap)
{
    var queue = new ConcurrentQueue<string>(sites);
    var answered = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
    var refusals = 0;
    await Task.WhenAll(Enumerable.Range(0, 4 * options.Concurrency).Select(p => Task.Run(async () =>
    {
        while (clock.Elapsed < cap && queue.TryDequeue(out var s))
        {
            try
            {
                using var response = await clients[p % clients.Length].GetAsync($"/api/v1/sites/{s}");
                if (response.IsSuccessStatusCode)
                {
                    answered[s] = clock.Elapsed;
                    continue;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            Interlocked.Increment(ref refusals);
            queue.Enqueue(s);
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    })));
    return (answered, refusals);
}

// How close the CP connection came to going Offline between `from` and `to`, from the CP simulator's own record of its
// heartbeats. Our side counts the connection lost once the offline_mode_at of the last heartbeat it accepted passes, so
// each accepted heartbeat's margin is the previous accepted one's offline_mode_at minus when this one was answered 204
// (a heartbeat that does not reach the peer grain in time narrows it; below zero, the connection went Offline).
string HeartbeatMargin(DateTimeOffset from, DateTimeOffset to)
{
    var sent = cluster.Cp.Sent(OscpMessageKind.Heartbeat).OrderBy(h => h.SentAt).ToList();
    var accepted = sent.Where(h => h.Delivered && h.AnsweredAt is not null).ToList();
    var margins = accepted.Zip(accepted.Skip(1))
        .Where(p => p.Second.AnsweredAt >= from && p.Second.AnsweredAt < to)
        .Select(p => (p.First.MessageAs<Heartbeat>().OfflineModeAt - p.Second.AnsweredAt!.Value).TotalSeconds)
        .ToList();
    // The last one accepted before `to` holds the connection until its own offline_mode_at: past `to` already, it was lost.
    if (accepted.LastOrDefault(h => h.AnsweredAt < to) is { } last) margins.Add((last.MessageAs<Heartbeat>().OfflineModeAt - to).TotalSeconds);
    var inWindow = sent.Where(h => h.SentAt >= from && h.SentAt < to).ToList();
    var refused = inWindow.Where(h => !h.Delivered).ToList();
    var line = $"{inWindow.Count} sent, {inWindow.Count - refused.Count} accepted; smallest margin before the offline_mode_at passed: "
        + (margins.Count == 0 ? "none measured" : $"{margins.Min():0.0} s (of {(accepted[^1].MessageAs<Heartbeat>().OfflineModeAt - accepted[^1].SentAt).TotalSeconds:0} s)");
    foreach (var h in refused.Take(5)) line += $"; refused: sent {h.SentAt:HH:mm:ss.f}, {h.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer"} after {h.Attempts} attempt(s) {h.Error}";
    return line;
}

// The RESULT line of what was measured; a run stopped early (--until 3 or 4) has no kill or rolling restart, and leaves their keys out.
int Finish(double reportsLastSeconds, (TimeSpan Recovery, int Errors)? restarts = null)
{
    foreach (var failure in failures) Console.Error.WriteLine("FAILED: " + failure);
    List<(string Key, string Value)> values =
    [
        ("sites", F(sites.Length, "0")),
        ("silos", F(options.Silos, "0")),
        ("import_applied_s", F(importApplied.TotalSeconds, "0.0")),
        ("forecasts_per_s", F(fleetBurst.PerSecond, "0")),
        ("anchor_per_s", F(anchor.PerSecond, "0")),
        ("reports_last_s", F(reportsLastSeconds, "0.0")),
        ("bytes_per_site", F(bytesPerSite, "0")),
        ("peak_webhooks_in_flight", F(peakWebhooks, "0")),
        ("lost", F(lost, "0")),
    ];
    if (restarts is { } done)
    {
        values.Add(("kill_recovery_s", F(done.Recovery.TotalSeconds, "0.0")));
        values.Add(("rolling_restart_errors", F(done.Errors, "0")));
    }
    // After the issue's keys: the most reports the CP had open at once at the boundary (--until 4 and later).
    if (double.IsFinite(peakReports)) values.Add(("peak_reports_in_flight", F(peakReports, "0")));
    Console.WriteLine(ResultTable.ResultLine("fleet", [.. values]));
    return failures.Count > 0 || lost > 0 || restarts?.Errors > 0 ? 1 : 0;
}

// The import, the anchor and the burst each start just after a report spread window closed, so that none shares the
// machine with the fleet's reports: on the benchmark's short period every site reports many times as often as at the
// quarter hour (10,000 reports spread over 30 s are 333 requests a second, more than the burst itself), and the anchor
// has none. `room`: how long the step takes, at most; started later than that before the next boundary, it would run
// into the next window, so it waits for that one to close instead.
async Task AfterReportWindowAsync(string what, TimeSpan room)
{
    var period = TimeSpan.FromMinutes(options.ReportPeriod);
    var closed = TimeSpan.FromSeconds(cluster.Options.CloseGraceSeconds + options.ReportSpread + 1);
    var now = DateTimeOffset.UtcNow;
    var sinceBoundary = TimeSpan.FromTicks(now.UtcTicks % period.Ticks);
    var latestStart = TimeSpan.FromTicks(Math.Max(period.Ticks - room.Ticks, closed.Ticks));
    var wait = sinceBoundary < closed ? closed - sinceBoundary
        : sinceBoundary > latestStart ? period - sinceBoundary + closed
        : TimeSpan.Zero;
    if (wait <= TimeSpan.Zero) return;
    Progress($"waiting {wait.TotalSeconds:0} s for the report spread window to close before {what}");
    await Task.Delay(wait);
}

// Methods compiled so far by each process of the deployment: silos, gateways, and this one (the simulators and the load).
async Task<long[]> JitCountsAsync() =>
    [.. await Task.WhenAll(cluster.Silos.Concat(cluster.Gateways).Select(JitCount.CompiledMethodsAsync)), System.Runtime.JitInfo.GetCompiledMethodCount()];

async Task<long> HeapsAsync()
{
    long total = 0;
    foreach (var silo in cluster.Silos) total += await SiloMemory.HeapAfterFullCollectionAsync(silo, TimeSpan.FromSeconds(60));
    return total;
}

static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "nan";
