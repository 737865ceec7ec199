using System.Diagnostics;
using System.Globalization;
using OscpFleet.Bench;
using OscpFleet.Bench.GridSafety;

// Grid-safety benchmark: a simulated day on a real deployment. A seeded CP script sends forecasts (emergency zeros,
// gaps, per-phase blocks, fallbacks above them), drops and restores the connection and re-handshakes; every limit
// version the CSMS received is checked minute by minute against an oracle of the rule, and the emergency stop's
// receipt → webhook latency is measured against ordinary forecasts of the same run.
if (BenchRun<BenchOptions>.Start(BenchOptions.Parse(args), BenchOptions.Usage, o => o.Command, out var exitCode) is not { } bench)
{
    return exitCode;
}

var options = bench.Options;
var total = bench.Total;
var machine = bench.Machine;
void Progress(string line) => bench.Progress(line);

var setupRandom = new Random(options.Seed);
SiteSetup[] sites = [.. Enumerable.Range(1, options.Sites).Select(i => new SiteSetup(
    $"SAFE_{i:00000}",
    // Base DOE by local time of day: a night value, a day value and an evening value.
    [("00:00", 60 + setupRandom.Next(80)), ($"{6 + setupRandom.Next(3):00}:{15 * setupRandom.Next(4):00}", 40 + setupRandom.Next(100)), ($"{17 + setupRandom.Next(4):00}:30", 30 + setupRandom.Next(120))],
    150 + (10 * setupRandom.Next(11))))];

var cluster = new GridSafetyCluster(sites, options.HeartbeatSeconds);
DayWalk walk;
var failed = false;
try
{
    var clock = Stopwatch.StartNew();
    await cluster.InitializeAsync();
    Progress($"deployment up in {clock.Elapsed.TotalSeconds:0.0} s (Azurite, silo, gateway, CP peer online, CSMS simulator)");
    clock.Restart();
    await cluster.ImportAsync();
    Progress($"{sites.Length} sites imported, first webhooks accepted in {clock.Elapsed.TotalSeconds:0.0} s");
    walk = new DayWalk(cluster, options, sites, Progress);
    clock.Restart();
    await walk.RunAsync();
    Progress($"day walked in {clock.Elapsed.TotalSeconds:0.0} s");
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
{
    Console.Error.WriteLine($"FAILED: {e.Message}");
    await cluster.DisposeAsync();
    return 1;
}
finally
{
    Console.Out.Flush();
}
await cluster.DisposeAsync();

var check = SafetyCheck.Run(walk, sites);
var emergency = Latency.Of(walk.EmergencyMs);
var ordinary = Latency.Of(walk.ForecastMs);
var counters = walk.Counters;

Console.WriteLine();
Console.WriteLine(SafetyReport.Render(walk, check, emergency, ordinary, options));
Console.WriteLine();
foreach (var run in check.Runs.Take(20))
{
    Console.WriteLine($"VIOLATION {run.GroupId} {run.From:HH:mm}–{run.Until:HH:mm} ({(run.Lost ? "lost" : "live")}): commanded {run.CommandedKw:0.###} kW ({run.Source}, v{run.Version} issued {run.IssuedAt:HH:mm:ss}) > rule {run.RuleKw:0.###} kW, up to {run.MaxExcessKw:0.###} kW over");
    foreach (var e in walk.Events.Where(e => (e.GroupId is null || e.GroupId == run.GroupId) && e.At >= run.From.AddMinutes(-60) && e.At <= run.Until))
        Console.WriteLine($"    {e.At:HH:mm:ss} {e.GroupId ?? "connection"}: {e.What}");
}
foreach (var change in walk.RehandshakeLimitChanges()) Console.WriteLine($"RE-HANDSHAKE CHANGED A LIMIT: {change}");
if (check.Runs.Count > 20) Console.WriteLine($"… and {check.Runs.Count - 20} more runs of violating minutes");
Console.WriteLine($"violations: {check.Violations} of {check.Instants} site-minutes commanded above the rule ({check.ViolationsWhileLost} while lost; "
    + $"while lost: {check.LostAboveFallback} above the fallback/base, {check.LostAboveLive} above the live limit, of {check.LostInstants}); "
    + $"{check.Below} below the rule; {check.Uncovered} site-minutes without a commanded limit");
Console.WriteLine($"machine: {machine}");
Console.WriteLine($"total run: {total.Elapsed.TotalSeconds:0} s");

if (check.Violations > 0) failed = true;
if (counters.Revivals > 0)
{
    failed = true;
    Console.Error.WriteLine($"FAILED: {counters.Revivals} times the peer showed limitsLost and then was live again without a handshake");
}
if (counters.MissingWebhooks > 0 || check.Uncovered > 0)
{
    failed = true;
    Console.Error.WriteLine($"FAILED: {counters.MissingWebhooks} expected webhooks missing, {check.Uncovered} site-minutes without a commanded limit");
}
Console.WriteLine(ResultTable.ResultLine("grid_safety",
    ("violations", Int(check.Violations)), ("instants", Int(check.Instants)),
    ("emergency_p50_ms", Fmt(emergency.P50)), ("emergency_p99_ms", Fmt(emergency.P99)), ("forecast_p99_ms", Fmt(ordinary.P99)),
    ("ratio_p99", Fmt(emergency.P99 / ordinary.P99, "0.00")), ("sites", Int(options.Sites)), ("seed", Int(options.Seed))));
return failed ? 1 : 0;

static string Fmt(double value, string format = "0.0") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "nan";
static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
