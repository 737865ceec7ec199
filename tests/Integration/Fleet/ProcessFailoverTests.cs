using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OscpFleet.Integration.GridSafety;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using OscpFleet.Testing;
using Xunit.Abstractions;

namespace OscpFleet.Integration.Fleet;

/// <summary>300 sites on three silo processes and two gateway processes (<see cref="ProcessCluster"/>), reports every minute.</summary>
public sealed class ProcessFailoverCluster : IAsyncLifetime
{
    /// <summary>The sites.</summary>
    public static readonly IReadOnlyList<string> GroupIds =
        [.. Enumerable.Range(1, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"PROC_{i:000}"))];

    /// <summary>The CSMS's storm-control cap for the whole cluster: two webhooks a silo while three are Active.</summary>
    public const int CsmsCap = 6;

    /// <summary>The CP's storm-control cap for the whole cluster (its outbox sends): two a silo while three are Active.</summary>
    public const int PeerCap = 6;

    /// <summary>The deployment.</summary>
    public ProcessCluster Cluster { get; } = new(new ProcessClusterOptions
    {
        Sites = GroupIds,
        Silos = 3,
        Gateways = 2,
        ExtraSettings = new Dictionary<string, string?>
        {
            [$"Csms:Endpoints:{ProcessCluster.CsmsName}:MaxInFlight"] = CsmsCap.ToString(CultureInfo.InvariantCulture),
            [$"Oscp:Peers:{ProcessCluster.PeerId}:MaxInFlight"] = PeerCap.ToString(CultureInfo.InvariantCulture),
        },
    });

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        try
        {
            await Cluster.StartAsync();
            await Cluster.OnboardAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            await Cluster.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
}

/// <summary>
/// The real processes (the published silo and gateway, configured as pods are) under failure. A silo killed (SIGKILL) in
/// the middle of a forecast burst sent through both gateways: every forecast answered 204 has its limit at the CSMS,
/// every other answer is a 503 with <c>Retry-After</c> or none (the CP retries), every site answers again within 20 s, the
/// CP connection never leaves Online (the peer grain moves to a survivor before the CP's <c>offline_mode_at</c>), and the
/// next period's report of every site reaches the CP exactly once. Then a rolling restart (each silo stopped with SIGTERM
/// in turn, a replacement started first) under steady load: only 204s and 503s with <c>Retry-After</c>, and every
/// report of the periods it spans on time. And storm control across the processes: a limit change for every site, with
/// a CSMS that holds its answers, never has more webhooks on the wire than the CSMS's cap for the whole cluster; every
/// site's report at a boundary, with a CP that holds its answers, never more calls at the CP than the peer's cap.
/// </summary>
public sealed class ProcessFailoverTests(ProcessFailoverCluster fixture, ITestOutputHelper output) : IClassFixture<ProcessFailoverCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryTarget = TimeSpan.FromSeconds(20);
    private static readonly IReadOnlyList<string> Sites = ProcessFailoverCluster.GroupIds;
    private ProcessCluster Cluster => fixture.Cluster;

    private sealed record Answer(int Status, bool RetryAfter);

    [Fact]
    public async Task A_silo_killed_mid_burst_loses_no_acknowledged_forecast_its_sites_answer_within_20_s_and_the_cp_stays_online()
    {
        await Cluster.Cp.WaitForOnlineAsync(Patience);
        using var watch = await PeerWatch.StartAsync(Cluster);
        var kw = (int i) => 20 + (i * 0.5);
        TimeSpan recovery = default;
        var slowest = "";
        DateTimeOffset killedAt = default;
        ProductProcess? killed = null;
        var answers = await BurstAsync(kw, duringBurst: async () =>
        {
            // The silo that hosts the CP's peer grain (its /metrics reports the peer's state): its loss is the hardest.
            killed = await PeerHostAsync() ?? Cluster.Silos[^1];
            var clock = Stopwatch.StartNew();
            killedAt = DateTimeOffset.UtcNow;
            await Cluster.KillSiloAsync(killed);
            (recovery, slowest) = await EverySiteAnswersAsync(clock);
        });
        output.WriteLine($"killed {killed!.Name}; every site answered again {recovery.TotalSeconds:0.0} s after the kill; {answers.Count(a => a.Status != 204)} answers other than 204");
        output.WriteLine($"the last to answer: {slowest}");

        await AssertEveryLimitDeliveredAsync(kw);
        Assert.All(answers.Where(a => a.Status != 204), a => Assert.True(a is (503, true) or (0, false), $"answered {a.Status} (Retry-After: {a.RetryAfter})"));
        Assert.True(recovery <= RecoveryTarget, $"the sites answered again {recovery.TotalSeconds:0.0} s after the kill (target {RecoveryTarget.TotalSeconds} s); the last: {slowest}");

        // The period the kill fell in: every site reports it exactly once (a site whose report tick fell in the outage
        // sends it at its next tick: arrival, not punctuality, is asserted here).
        var period = TimeSpan.FromMinutes(Cluster.Options.ReportPeriodMinutes);
        var boundary = NextBoundary(killedAt, period);
        await AssertReportsOnceAsync(boundary - period, boundary, onTime: false);

        watch.AssertStayedOnline();
        await Cluster.StartSiloAsync();
        await Cluster.WaitForActiveSilosAsync(Cluster.Options.Silos, Patience);
    }

    [Fact]
    public async Task A_rolling_restart_under_load_answers_only_204_or_503_with_retry_after_and_no_report_is_late()
    {
        await Cluster.Cp.WaitForOnlineAsync(Patience);
        using var watch = await PeerWatch.StartAsync(Cluster);
        var kw = (int i) => 20.25 + (i * 0.5);
        var started = DateTimeOffset.UtcNow;
        var answers = await BurstAsync(kw, duringBurst: async () =>
        {
            foreach (var silo in Cluster.Silos.ToArray())
            {
                await Cluster.StartSiloAsync();
                await Cluster.StopSiloAsync(silo);
                await Cluster.WaitForActiveSilosAsync(Cluster.Options.Silos, Patience);
            }
        }, steady: true);
        var ended = DateTimeOffset.UtcNow;
        output.WriteLine($"rolling restart {(ended - started).TotalSeconds:0.0} s; {answers.Count} answers, {answers.Count(a => a.Status != 204)} other than 204");

        await AssertEveryLimitDeliveredAsync(kw);
        Assert.All(answers.Where(a => a.Status != 204), a => Assert.Equal((503, true), (a.Status, a.RetryAfter)));
        // Every period that ended while silos were being replaced (or, for a restart quicker than a period, the next one):
        // each site's report once, on time.
        var period = TimeSpan.FromMinutes(Cluster.Options.ReportPeriodMinutes);
        var boundary = NextBoundary(started, period);
        do
        {
            await AssertReportsOnceAsync(boundary - period, boundary, onTime: true);
            boundary += period;
        }
        while (boundary <= ended);
        watch.AssertStayedOnline();
    }

    [Fact]
    public async Task A_limit_change_for_every_site_keeps_the_webhooks_at_a_slow_csms_within_the_clusters_cap()
    {
        const int Cap = ProcessFailoverCluster.CsmsCap;
        await Cluster.WaitForActiveSilosAsync(Cluster.Options.Silos, Patience);
        await Cluster.Cp.WaitForOnlineAsync(Patience);
        var kw = (int i) => 20.75 + (i * 0.5);
        var csms = Cluster.Csms;
        csms.ResetWebhookPeak();
        // A new limit for each of the 300 sites (~100 a silo), while the CSMS answers none of them.
        await WhileHeldAsync("csms:" + ProcessCluster.CsmsName, Cap, csms.HoldWebhooks(), csms.ReleaseWebhooks,
            load: () => BurstAsync(kw, duringBurst: () => Task.CompletedTask), held: () => csms.PeakWebhooksInFlight);
        await AssertEveryLimitDeliveredAsync(kw);
        Assert.True(csms.PeakWebhooksInFlight <= Cap, $"the CSMS handled {csms.PeakWebhooksInFlight} webhooks at once (cap {Cap} for the cluster)");
        Assert.True(csms.PeakWebhooksInFlight >= Cap / Cluster.Options.Silos, $"the CSMS never held more than {csms.PeakWebhooksInFlight}: the cap was not reached");
    }

    [Fact]
    public async Task Every_sites_report_at_a_slow_cp_keeps_the_calls_at_the_cp_within_the_clusters_cap()
    {
        const int Cap = ProcessFailoverCluster.PeerCap;
        const OscpMessageKind Reports = OscpMessageKind.UpdateAssetMeasurements;
        await Cluster.WaitForActiveSilosAsync(Cluster.Options.Silos, Patience);
        await Cluster.Cp.WaitForOnlineAsync(Patience);
        var cp = Cluster.Cp;
        var period = TimeSpan.FromMinutes(Cluster.Options.ReportPeriodMinutes);
        cp.ResetPeakInFlight(Reports);
        var boundary = NextBoundary(DateTimeOffset.UtcNow, period);
        // The next boundary's reports: 300 sites (~100 a silo) sending within the spread window, while the CP answers none.
        await WhileHeldAsync("peer:" + ProcessCluster.PeerId, Cap, cp.HoldAnswers(Reports), cp.ReleaseAnswers,
            load: () => Task.CompletedTask, held: () => cp.PeakInFlight(Reports), patience: period + Patience);
        // Every site's report of the period that ended at the first boundary after the hold (all of them sent after it):
        // once each, the held ones answered and none sent twice.
        await AssertReportsOnceAsync(boundary - period, boundary, onTime: false);
        Assert.True(cp.PeakInFlight(Reports) <= Cap, $"the CP handled {cp.PeakInFlight(Reports)} reports at once (cap {Cap} for the cluster)");
    }

    /// <summary>
    /// Runs <paramref name="load"/> while the destination answers nothing (<paramref name="hold"/>: completes once the
    /// first call is held), waits until the silos are saturated (<see cref="SaturatedAsync"/>), then lets the calls go
    /// (<paramref name="release"/>). Asserts each busy silo's share is the cap divided among the Active silos and the silos'
    /// calls on the wire together within <paramref name="cap"/>.
    /// </summary>
    private async Task WhileHeldAsync(
        string destination, int cap, Task hold, Action release, Func<Task> load, Func<long> held, TimeSpan? patience = null)
    {
        (long InFlight, long Waiting, long Share)[] silos;
        try
        {
            await load();
            await hold.WaitAsync(patience ?? Patience);
            silos = await SaturatedAsync(destination);
            output.WriteLine($"saturated: silos (in flight, waiting, share) {string.Join("; ", silos)}; {destination} has held {held()} at most");
        }
        finally
        {
            release();
        }
        Assert.All(silos, s => Assert.Equal(cap / Cluster.Options.Silos, s.Share));
        Assert.True(silos.Sum(s => s.InFlight) <= cap, $"the silos had {silos.Sum(s => s.InFlight)} calls to {destination} on the wire (cap {cap})");
    }

    /// <summary>
    /// Waits until at least two silos have calls to <paramref name="destination"/> and every silo that has any has some
    /// waiting behind its share with its share on the wire (after a kill the replacement silo hosts no site until one
    /// moves); returns those silos' gauges.
    /// </summary>
    private async Task<(long InFlight, long Waiting, long Share)[]> SaturatedAsync(string destination)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var silos = (await Task.WhenAll(Cluster.Silos.Select(s => OutboundAsync(s, destination)))).Where(s => s.InFlight + s.Waiting > 0).ToArray();
            if (silos.Length >= 2 && silos.All(s => s.Waiting > 0 && s.InFlight >= s.Share)) return silos;
            if (DateTime.UtcNow >= deadline)
                Assert.Fail($"no two silos had calls to {destination} waiting for their share: {string.Join("; ", silos)}\n{Cluster.Tails}");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>A silo's storm-control gauges for <paramref name="destination"/>: calls on the wire, waiting for a place, and its share of the cap.</summary>
    private static async Task<(long InFlight, long Waiting, long Share)> OutboundAsync(ProductProcess silo, string destination)
    {
        using var http = silo.Http();
        var metrics = await http.GetStringAsync("/metrics");
        long Gauge(string name)
        {
            var match = Regex.Match(metrics, name + @"\{[^}]*destination=""" + Regex.Escape(destination) + @"""[^}]*\} (\d+)");
            return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }
        return (Gauge("oscpfleet_outbound_in_flight"), Gauge("oscpfleet_outbound_waiting"), Gauge("oscpfleet_outbound_share"));
    }

    /// <summary>
    /// One forecast per site from 8 senders taking turns over both gateways; once a third are answered,
    /// <paramref name="duringBurst"/> runs. A sender retries a non-204 answer (as a CP does) until 204. With
    /// <paramref name="steady"/> the senders go round the sites again until <paramref name="duringBurst"/> is done (steady
    /// load), each site keeping its value. Returns every answer.
    /// </summary>
    private async Task<IReadOnlyList<Answer>> BurstAsync(Func<int, double> kw, Func<Task> duringBurst, bool steady = false)
    {
        var token = await Cluster.CpTokenAsync();
        var clients = Cluster.Gateways.Select(g =>
        {
            var http = new HttpClient { BaseAddress = g.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return http;
        }).ToArray();
        try
        {
            var answers = new ConcurrentBag<Answer>();
            var start = PeriodStart(DateTimeOffset.UtcNow);
            var next = -1;
            var answered = 0;
            var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var senders = Enumerable.Range(0, 8).Select(sender => Task.Run(async () =>
            {
                for (var n = Interlocked.Increment(ref next); n < Sites.Count || (steady && !done.Task.IsCompleted); n = Interlocked.Increment(ref next))
                {
                    var i = n % Sites.Count;
                    var body = Body(Sites[i], start, kw(i));
                    var give = DateTime.UtcNow + Patience;
                    for (var attempt = 0; ; attempt++)
                    {
                        var http = clients[(n + attempt) % clients.Length];
                        using var content = new StringContent(body, Encoding.UTF8, "application/json");
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/oscp/fp/2.0/update_group_capacity_forecast") { Content = content };
                        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
                        Answer answer;
                        try
                        {
                            using var response = await http.SendAsync(request);
                            answer = new Answer((int)response.StatusCode, response.Headers.RetryAfter is not null);
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            // No answer (a call the lost silo held): nothing was acknowledged.
                            answer = new Answer(0, false);
                            output.WriteLine($"{Sites[i]}: no answer from {http.BaseAddress} ({e.GetType().Name}: {e.Message})");
                        }
                        answers.Add(answer);
                        if (answer.Status == 204) break;
                        // The message (every process's last 400 lines) is built only on failure: built on every retry, it filled
                        // this process's heap with megabytes a try and stalled its probes for seconds.
                        if (DateTime.UtcNow >= give) Assert.Fail($"{Sites[i]}: no 204 within {Patience}; last {answer.Status}\n{Cluster.Tails}");
                        // The CP's own back-off before a retry (on the next gateway).
                        await Task.Delay(TimeSpan.FromMilliseconds(200));
                    }
                    if (Interlocked.Increment(ref answered) == Sites.Count / 3) third.TrySetResult();
                }
            })).ToList();
            await third.Task.WaitAsync(Patience);
            try
            {
                await duringBurst();
            }
            finally
            {
                done.TrySetResult();
            }
            await Task.WhenAll(senders);
            return [.. answers];
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>
    /// Reads every site through the operator API (both gateways) until each has answered 200, by a pool of probes
    /// working through one queue: a site that did not answer goes to the back, so the dead silo's sites, refused until
    /// it is declared dead, do not hold the probes from the others (with each probe staying on its site, the figure
    /// was the time to walk the queue on a loaded machine, not the sites' recovery). Returns the time since the kill of
    /// the last answer, and the three sites that answered last with their last tries (status or exception, the
    /// gateway asked, seconds since the kill, how long the request took), so a slow recovery says where it waited.
    /// </summary>
    private async Task<(TimeSpan Last, string Slowest)> EverySiteAnswersAsync(Stopwatch sinceKill)
    {
        const int Probes = 64;
        var operators = new[] { await Cluster.OperatorAsync(0), await Cluster.OperatorAsync(1 % Cluster.Gateways.Count) };
        try
        {
            foreach (var ops in operators) ops.Timeout = TimeSpan.FromSeconds(30);
            var waiting = new ConcurrentQueue<string>(Sites);
            var tries = Sites.ToDictionary(s => s, _ => new ConcurrentQueue<string>(), StringComparer.Ordinal);
            var answered = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
            await Task.WhenAll(Enumerable.Range(0, Probes).Select(probe => Task.Run(async () =>
            {
                while (waiting.TryDequeue(out var groupId))
                {
                    if (sinceKill.Elapsed >= Patience)
                        Assert.Fail($"{groupId} did not answer within {Patience} of the kill ({string.Join("; ", tries[groupId])})\n{Cluster.Tails}");
                    var gateway = probe % operators.Length;
                    var sent = sinceKill.Elapsed;
                    string outcome;
                    try
                    {
                        using var response = await operators[gateway].GetAsync($"/api/v1/sites/{groupId}");
                        outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // No answer yet: ask again.
                        outcome = e.GetType().Name;
                    }
                    tries[groupId].Enqueue(string.Create(CultureInfo.InvariantCulture, $"{outcome} from gateway {gateway + 1} at {sent.TotalSeconds:0.0} s in {(sinceKill.Elapsed - sent).TotalSeconds:0.0} s"));
                    if (outcome == "200")
                    {
                        answered[groupId] = sinceKill.Elapsed;
                        continue;
                    }
                    waiting.Enqueue(groupId);
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                }
            })));
            var last = answered.OrderByDescending(a => a.Value).ToList();
            var slowest = string.Join(" | ", last.Take(3).Select(a => string.Create(CultureInfo.InvariantCulture,
                $"{a.Key} at {a.Value.TotalSeconds:0.0} s after {tries[a.Key].Count} tries ({string.Join("; ", tries[a.Key].TakeLast(4))})")));
            return (last.Count == 0 ? TimeSpan.Zero : last[0].Value, slowest);
        }
        finally
        {
            foreach (var ops in operators) ops.Dispose();
        }
    }

    /// <summary>The running silo whose <c>/metrics</c> reports the CP's peer (the silo its grain is active on), if any does.</summary>
    private async Task<ProductProcess?> PeerHostAsync()
    {
        foreach (var silo in Cluster.Silos)
        {
            using var http = silo.Http();
            var metrics = await http.GetStringAsync("/metrics");
            if (metrics.Split('\n').Any(l => l.StartsWith("oscpfleet_peer_state{", StringComparison.Ordinal) && l.Contains($"peer=\"{ProcessCluster.PeerId}\"", StringComparison.Ordinal)))
                return silo;
        }
        return null;
    }

    private async Task AssertEveryLimitDeliveredAsync(Func<int, double> kw)
    {
        var delivered = Sites.Select((groupId, i) => Cluster.Csms.WaitForWebhookAsync(
            w => w.GroupId == groupId && w.Version is not null && LimitSchedules.Of(w).Any(e => e.Kw == kw(i)), Patience));
        await Task.WhenAll(delivered);
    }

    /// <summary>
    /// Waits until every site's report of [<paramref name="start"/>, <paramref name="end"/>) was accepted by the CP and
    /// asserts each arrived exactly once; with <paramref name="onTime"/>, also no later than the end + close grace + spread
    /// window + 10 s of slack. Returns how long after the end the last one arrived.
    /// </summary>
    private async Task<TimeSpan> AssertReportsOnceAsync(DateTimeOffset start, DateTimeOffset end, bool onTime)
    {
        var due = end + TimeSpan.FromSeconds(Cluster.Options.CloseGraceSeconds + Cluster.Options.ReportSpreadSeconds + 10);
        var arrivals = Sites.Select(g => Cluster.Cp.WaitForReceivedAsync(
            m => m.Kind == OscpMessageKind.UpdateAssetMeasurements && m.Accepted && OscpFleet.Testing.MeteringCluster.IsReport(m, g, start), Patience)).ToList();
        try
        {
            await Task.WhenAll(arrivals);
        }
        catch (TimeoutException)
        {
            var missing = Sites.Where((g, i) => !arrivals[i].IsCompletedSuccessfully).ToList();
            Assert.Fail($"{missing.Count} sites did not report {start:HH:mm:ss}–{end:HH:mm:ss} within {Patience} (e.g. {string.Join(", ", missing.Take(5))})\n{Cluster.Tails}");
        }
        // Every accepted report of the period, each body read once.
        var reports = Cluster.Cp.Received(OscpMessageKind.UpdateAssetMeasurements, accepted: true)
            .Select(m => (Report: m, Period: ReportPeriod(m)))
            .Where(r => r.Period.Start == start)
            .GroupBy(r => r.Period.GroupId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Report).ToList(), StringComparer.Ordinal);
        var twice = Sites.Where(g => reports[g].Count != 1).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} sites reported {start:HH:mm:ss}–{end:HH:mm:ss} more than once: {string.Join(", ", twice.Take(10))}");
        var last = reports.Values.Max(r => r[0].ReceivedAt);
        var late = Sites.Where(g => reports[g][0].ReceivedAt > due).ToList();
        output.WriteLine($"period {start:HH:mm:ss}–{end:HH:mm:ss}: {Sites.Count} reports, each once, the last {(last - end).TotalSeconds:0.0} s after the period's end; {late.Count} after {due:HH:mm:ss}");
        if (onTime) Assert.True(late.Count == 0, $"{late.Count} reports of {start:HH:mm:ss}–{end:HH:mm:ss} later than {due:HH:mm:ss}: {string.Join(", ", late.Take(10))}");
        return last - end;
    }

    private static (string GroupId, DateTimeOffset Start) ReportPeriod(ReceivedMessage message)
    {
        using var body = JsonDocument.Parse(message.Body);
        var root = body.RootElement;
        return (root.GetProperty("group_id").GetString()!,
            root.GetProperty("measurements")[0].GetProperty("energy_measurement").GetProperty("initial_measure_time").GetDateTimeOffset());
    }

    private static DateTimeOffset NextBoundary(DateTimeOffset t, TimeSpan period) =>
        new(t.UtcTicks - (t.UtcTicks % period.Ticks) + period.Ticks, TimeSpan.Zero);

    private static DateTimeOffset PeriodStart(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);

    private static string Body(string groupId, DateTimeOffset start, double kw)
    {
        var blocks = Enumerable.Range(0, 8).Select(b => string.Create(CultureInfo.InvariantCulture,
            $$"""{"capacity":{{kw}},"phase":"ALL","unit":"KW","start_time":"{{start.AddMinutes(15 * b):yyyy-MM-ddTHH:mm:ssZ}}","end_time":"{{start.AddMinutes(15 * (b + 1)):yyyy-MM-ddTHH:mm:ssZ}}"}"""));
        return $$"""{"group_id":"{{groupId}}","type":"CONSUMPTION","forecasted_blocks":[{{string.Join(",", blocks)}}]}""";
    }

    /// <summary>
    /// Watches the CP connection from both sides while a test runs (every 250 ms): the peer as the operator API shows it
    /// (state, and its <c>wentOffline</c> counter, which counts every flap even between two reads) and the CP simulator's
    /// view (online, our <c>offline_mode_at</c> never passed), and no new handshake from us reaching the CP.
    /// </summary>
    private sealed class PeerWatch : IDisposable
    {
        private readonly ProcessCluster cluster;
        private readonly HttpClient[] operators;
        private readonly CancellationTokenSource stop = new();
        private readonly ConcurrentQueue<string> problems = new();
        private readonly long wentOfflineBefore;
        private readonly int handshakesBefore;
        private Task? loop;

        private PeerWatch(ProcessCluster cluster, HttpClient[] operators, long wentOfflineBefore)
        {
            this.cluster = cluster;
            this.operators = operators;
            this.wentOfflineBefore = wentOfflineBefore;
            handshakesBefore = cluster.Cp.Received(OscpMessageKind.Handshake).Count;
        }

        public static async Task<PeerWatch> StartAsync(ProcessCluster cluster)
        {
            var operators = new[] { await cluster.OperatorAsync(0), await cluster.OperatorAsync(1 % cluster.Gateways.Count) };
            foreach (var ops in operators) ops.Timeout = TimeSpan.FromSeconds(5);
            var peer = await cluster.PeerAsync(operators[0]);
            Assert.Equal("Online", peer.GetProperty("state").GetString());
            var watch = new PeerWatch(cluster, operators, WentOffline(peer));
            watch.loop = Task.Run(watch.RunAsync);
            return watch;
        }

        private async Task RunAsync()
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var cp = cluster.Cp.GetState().Connection;
                if (cp.State != CpConnectionState.Online) problems.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} the CP sees {cp.State}");
                if (cp.FpOverdue) problems.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} our offline_mode_at {cp.FpOfflineModeAt:HH:mm:ss} passed at the CP");
                try
                {
                    var peer = await cluster.PeerAsync(operators[n % operators.Length]);
                    if (peer.GetProperty("state").GetString() is var state && state != "Online")
                        problems.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} the peers API says {state}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    // The API did not answer this time (a gateway whose silo just died): the counter below still sees any flap.
                }
                try { await Task.Delay(TimeSpan.FromMilliseconds(250), stop.Token); } catch (OperationCanceledException) { }
            }
        }

        public void AssertStayedOnline()
        {
            stop.Cancel();
            loop?.Wait(TimeSpan.FromSeconds(10));
            var peer = cluster.PeerAsync(operators[0]).GetAwaiter().GetResult();
            Assert.Equal("Online", peer.GetProperty("state").GetString());
            Assert.True(WentOffline(peer) == wentOfflineBefore, $"the peer went offline {WentOffline(peer) - wentOfflineBefore} times");
            Assert.True(problems.IsEmpty, string.Join("\n", problems.Take(20)));
            Assert.Equal(handshakesBefore, cluster.Cp.Received(OscpMessageKind.Handshake).Count);
        }

        private static long WentOffline(JsonElement peer)
        {
            foreach (var property in peer.EnumerateObject())
            {
                if (property.NameEquals("wentOffline")) return property.Value.GetInt64();
                if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("wentOffline", out var nested)) return nested.GetInt64();
            }
            throw new InvalidOperationException($"no wentOffline in the peer: {peer}");
        }

        public void Dispose()
        {
            stop.Cancel();
            foreach (var ops in operators) ops.Dispose();
            stop.Dispose();
        }
    }
}
