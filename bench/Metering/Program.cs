using System.Diagnostics;
using OscpFleet.Bench;
using OscpFleet.Bench.Metering;

// Metering benchmark, two measurements in one run, each against a baseline measured in the same run:
// 1. meter samples per second into the gateway (POST /api/v1/meter-values) against a bare parse-and-validate endpoint;
// 2. a quarter-hour boundary: every site closes its period at once and its report goes through the durable outbox to
//    the CP, against the same reports posted straight to the CP simulator with the product's OSCP client.
if (BenchRun<BenchOptions>.Start(BenchOptions.Parse(args), BenchOptions.Usage, o => o.Command, out var exitCode) is not { } bench)
{
    return exitCode;
}

var options = bench.Options;
var total = bench.Total;
var machine = bench.Machine;
void Progress(string line) => bench.Progress(line);

await BenchRun<BenchOptions>.WarnIfMachineBusyAsync();

var sites = SamplePlan.Sites(options.Sites);
var cluster = new MeteringBenchCluster(sites, options.Chargers);
// The product clock's quarter hour at the start: the ingest samples go in its first 5 minutes.
var t0 = cluster.PeriodStart();
var rounds = SamplePlan.IngestRounds(sites, options.Chargers, options.BatchSites, t0, options.Warmup + options.Rounds);
byte[][] warmupBodies = [.. rounds.Take(options.Warmup).SelectMany(r => r)];
byte[][] burstBodies = [.. rounds.Skip(options.Warmup).SelectMany(r => r)];
var samplesPerBatch = SamplePlan.SamplesIn(Math.Min(options.BatchSites, options.Sites), options.Chargers, 1);
var bodyBytes = (int)burstBodies.Average(b => b.Length);
if (burstBodies.Max(b => b.Length) > MaxBodyBytes)
{
    Console.Error.WriteLine($"a batch is {burstBodies.Max(b => b.Length):N0} bytes, over the gateway's {MaxBodyBytes:N0}-byte limit: lower --batch-sites or --chargers");
    return 2;
}
Progress($"{warmupBodies.Length + burstBodies.Length} meter-value batches built ({bodyBytes:N0} bytes each on average)");

// 1. Baseline first, on a machine without the deployment.
var ingestBaseline = await IngestBenchmark.BaselineAsync(t0, warmupBodies, burstBodies, samplesPerBatch, options.Concurrency);
Progress($"ingest baseline: {ingestBaseline.Burst.Count} batches in {ingestBaseline.Burst.Elapsed.TotalSeconds:0.00} s, {ingestBaseline.Burst.Non204} not 204");

IngestResult ingestFleet;
var warmBoundaries = new List<BoundaryResult>();
BoundaryResult boundaryBaseline;
BoundaryResult boundaryFleet;
TimeSpan startup, onboarding;
var failed = false;
try
{
    var clock = Stopwatch.StartNew();
    await cluster.InitializeAsync();
    startup = clock.Elapsed;
    Progress($"deployment up in {startup.TotalSeconds:0.0} s (Azurite, silo, gateway, CP peer online, CSMS simulator)");
    using var storage = new StorageTraffic(cluster.Storage.Port);

    clock.Restart();
    await cluster.OnboardAsync(sites);
    onboarding = clock.Elapsed;
    Progress($"{sites.Length} sites imported, first webhooks applied and confirmed in {onboarding.TotalSeconds:0.0} s");

    ingestFleet = await IngestBenchmark.FleetAsync(cluster, storage, warmupBodies, burstBodies, samplesPerBatch, options.Concurrency);
    Progress($"ingest OscpFleet: {ingestFleet.Burst.Count} batches in {ingestFleet.Burst.Elapsed.TotalSeconds:0.00} s, {ingestFleet.Burst.Non204} not 204");

    // 2. Boundaries: the warm-up ones (the first period also holds the ingest samples), the baseline, the measured one.
    var period = t0;
    for (var w = 0; w < options.ReportWarmups; w++, period = period.AddMinutes(15))
    {
        var warm = await BoundaryBenchmark.FleetAsync(cluster, storage, sites, options, t0, period);
        if (warm.Missing > 0) throw new InvalidOperationException($"warm-up boundary {w + 1}: {warm.Missing} reports missing after {options.ReportTimeoutSeconds} s");
        warmBoundaries.Add(warm);
        Progress($"warm-up boundary {w + 1} ({period.AddMinutes(15):HH:mm}): last report accepted {warm.ToLast.TotalSeconds:0.00} s after the trigger");
    }
    boundaryBaseline = await BoundaryBenchmark.BaselineAsync(cluster, storage, sites, options, period, options.ReportWarmups);
    Progress($"boundary baseline: {sites.Length - boundaryBaseline.Missing} reports accepted, the last {boundaryBaseline.ToLast.TotalSeconds:0.00} s after the trigger");
    boundaryFleet = await BoundaryBenchmark.FleetAsync(cluster, storage, sites, options, t0, period);
    Progress($"boundary OscpFleet ({period.AddMinutes(15):HH:mm}): {sites.Length - boundaryFleet.Missing} reports accepted, the last {boundaryFleet.ToLast.TotalSeconds:0.00} s after the trigger");
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
{
    // A warm-up or setup step failed (the message says which): no figures to print.
    Console.Error.WriteLine($"FAILED: {e.Message}");
    return 1;
}
finally
{
    await cluster.DisposeAsync();
}

Console.WriteLine();
Console.WriteLine("## 1. Meter samples into the gateway (POST /api/v1/meter-values)");
Console.WriteLine();
Console.WriteLine(MeteringReport.Ingest(ingestFleet, ingestBaseline, options, bodyBytes));
Console.WriteLine();
Console.WriteLine($"CPU, average cores busy: OscpFleet burst: {ingestFleet.Cpu}; baseline burst: {ingestBaseline.Cpu}.");
Console.WriteLine();
Console.WriteLine("## 2. Quarter-hour boundary → reports accepted by the CP");
Console.WriteLine();
Console.WriteLine(MeteringReport.Boundary(boundaryFleet, boundaryBaseline, options));
Console.WriteLine();
Console.WriteLine($"CPU, average cores busy (trigger → last report): OscpFleet: {boundaryFleet.Cpu}; baseline: {boundaryBaseline.Cpu}.");
foreach (var (warm, i) in warmBoundaries.Select((w, i) => (w, i)))
{
    Console.WriteLine($"warm-up boundary {i + 1} (not measured): last report {warm.ToLast.TotalSeconds:0.00} s, p50 {warm.Reports.P50:0} ms, p99 {warm.Reports.P99:0} ms, "
        + $"{(warm.StorageSettled ?? default).Writes:N0} writes until quiet.");
}
Console.WriteLine();
Console.WriteLine($"OscpFleet deployment up in {startup.TotalSeconds:0.0} s; {sites.Length} sites onboarded (import + first webhook applied and confirmed) in {onboarding.TotalSeconds:0.0} s.");
Console.WriteLine($"machine: {machine}");
Console.WriteLine($"total run: {total.Elapsed.TotalSeconds:0} s");

if (ingestFleet.Burst.Non204 > 0 || ingestBaseline.Burst.Non204 > 0)
{
    failed = true;
    foreach (var failure in ingestFleet.Burst.Failures(10)) Console.Error.WriteLine($"OscpFleet {failure}");
    foreach (var failure in ingestBaseline.Burst.Failures(10)) Console.Error.WriteLine($"baseline {failure}");
    Console.Error.WriteLine($"FAILED: {ingestFleet.Burst.Non204} OscpFleet and {ingestBaseline.Burst.Non204} baseline batches were not answered 204");
}
if (boundaryFleet.Missing > 0 || boundaryBaseline.Missing > 0)
{
    failed = true;
    Console.Error.WriteLine($"FAILED: {boundaryFleet.Missing} OscpFleet and {boundaryBaseline.Missing} baseline reports not accepted by the CP within {options.ReportTimeoutSeconds} s");
}
Console.WriteLine(MeteringReport.ResultLine(options.Sites, ingestFleet, ingestBaseline, boundaryFleet, boundaryBaseline));
return failed ? 1 : 0;

internal static partial class Program
{
    /// <summary>The gateway's default <c>Oscp:MaxBodyBytes</c>: a larger batch is answered 413.</summary>
    private const int MaxBodyBytes = 1_048_576;
}
