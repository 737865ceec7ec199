using OscpFleet.Testing;
using System.Diagnostics;
using System.Globalization;
using OscpFleet.Bench;
using OscpFleet.Bench.Doe;

// DOE burst benchmark: the same burst of 96-block forecasts against a bare ASP.NET Core endpoint that reads it typed
// and does one Table upsert (the anchor), one that validates it as the gateway does (no storage), and a real OscpFleet
// deployment (gateway → site grain on Azurite → signed webhook to the CSMS), in one run. Last line: RESULT doe ….
if (BenchRun<BenchOptions>.Start(BenchOptions.Parse(args), BenchOptions.Usage,
        o => $"dotnet run -c Release --project bench/Doe -- --sites {o.Sites} --concurrency {o.Concurrency} --warmup {o.Warmup} --webhook-timeout {o.WebhookTimeoutSeconds}",
        out var exitCode) is not { } bench)
{
    return exitCode;
}

var options = bench.Options;
var total = bench.Total;
var machine = bench.Machine;
void Progress(string line) => bench.Progress(line);

await BenchRun<BenchOptions>.WarnIfMachineBusyAsync();

string[] sites = [.. Enumerable.Range(1, options.Sites).Select(i => string.Create(CultureInfo.InvariantCulture, $"BENCH_{i:00000}"))];
string[] warmupSites = [.. Enumerable.Range(1, options.WarmupSites).Select(i => string.Create(CultureInfo.InvariantCulture, $"WARM_{i:00000}"))];
// Each site: two chargers, 150 and 50 kW.
var cluster = new ManySitesCluster([.. warmupSites, .. sites], g => [($"{g}-CS1", 150), ($"{g}-CS2", 50)]);
// Blocks from the product's (fake) clock, so the forecast is in force at once and the webhook carries it.
var now = cluster.Clock.GetUtcNow();
var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
byte[][] burst = [.. sites.Select((s, i) => ForecastBodies.Build(s, start, i))];
// Each round's kW differ from the previous one's, so every warm-up forecast makes a new version and a webhook.
byte[][][] warmup = [.. Enumerable.Range(0, options.WarmupRounds)
    .Select(r => warmupSites.Select((s, i) => ForecastBodies.Build(s, start, 10_000 + (r * warmupSites.Length) + i)).ToArray())];
Progress($"{burst.Length} forecast bodies built ({burst.Sum(b => b.Length) / burst.Length:N0} bytes each on average)");

var (baseline, baselineCpu) = await BaselineBenchmark.RunAsync(warmup, burst, options.Concurrency);
Progress($"validating baseline: {baseline.Count} forecasts in {baseline.Elapsed.TotalSeconds:0.00} s, {baseline.Non204} not 204");

BurstResult? anchor = null;
CpuReport? anchorCpu = null;
var fleet = await FleetBenchmark.RunAsync(cluster, warmupSites, warmup, sites, burst, options.Concurrency, TimeSpan.FromSeconds(options.WebhookTimeoutSeconds),
    async deployment =>
    {
        // On the deployment's own Azurite, while the deployment is idle.
        (anchor, anchorCpu) = await AnchorBenchmark.RunAsync(deployment.Storage.ConnectionString, warmup, burst, options.Concurrency);
        Progress($"anchor: {anchor.Count} forecasts in {anchor.Elapsed.TotalSeconds:0.00} s, {anchor.Non204} not 204");
    },
    Progress,
    TimeSpan.FromSeconds(options.HoldSeconds),
    TimeSpan.FromSeconds(options.TraceWaitSeconds));
if (anchor is null || anchorCpu is null) throw new InvalidOperationException("the anchor did not run");
Progress($"OscpFleet: {fleet.Burst.Count} forecasts in {fleet.Burst.Elapsed.TotalSeconds:0.00} s, {fleet.Burst.Non204} not 204, {fleet.WebhooksMissing} webhooks missing");

Console.WriteLine();
Console.WriteLine(DoeReport.Render(fleet, anchor, baseline, options));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"OscpFleet deployment up in {fleet.Startup.TotalSeconds:0.0} s; {options.Sites + options.WarmupSites} sites onboarded (import + first webhook applied and confirmed) in {fleet.Onboarding.TotalSeconds:0.0} s."));
Console.WriteLine($"CPU, average cores busy: OscpFleet burst (until its last webhook): {fleet.Cpu}; anchor burst: {anchorCpu}; validating baseline burst: {baselineCpu}.");
Console.WriteLine($"per forecast (this process's CPU time and allocations over each burst, whatever else the machine does): OscpFleet {fleet.Cpu.PerItem(fleet.Burst.Count)} (gateway, silo, both simulators and the load, until the last webhook); anchor {anchorCpu.PerItem(anchor.Count)}; validating baseline {baselineCpu.PerItem(baseline.Count)}.");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: {fleet.BytesPerSite:0} bytes per active site (heap after a full collection less the deployment's before any site, over {options.Sites + options.WarmupSites} sites, the CSMS simulator's own site state included)."));
Console.WriteLine($"machine: {machine}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total run: {total.Elapsed.TotalSeconds:0} s"));

var failed = false;
if (baseline.Non204 > 0 || anchor.Non204 > 0 || fleet.Burst.Non204 > 0)
{
    failed = true;
    foreach (var failure in fleet.Burst.Failures(10)) Console.Error.WriteLine($"OscpFleet {failure}");
    foreach (var failure in baseline.Failures(10)) Console.Error.WriteLine($"baseline {failure}");
    foreach (var failure in anchor.Failures(10)) Console.Error.WriteLine($"anchor {failure}");
    Console.Error.WriteLine($"FAILED: {fleet.Burst.Non204} OscpFleet, {anchor.Non204} anchor and {baseline.Non204} baseline forecasts were not answered 204");
}
if (fleet.WebhooksMissing > 0)
{
    failed = true;
    Console.Error.WriteLine($"FAILED: {fleet.WebhooksMissing} sites got no forecast webhook within {options.WebhookTimeoutSeconds} s");
}
Console.WriteLine(DoeReport.Result(fleet, anchor, options));
return failed ? 1 : 0;
