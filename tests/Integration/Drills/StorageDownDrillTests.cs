using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Sites;
using OscpFleet.Integration.GridSafety;
using OscpFleet.Oscp.Wire;
using OscpFleet.Testing;
using Xunit.Abstractions;

namespace OscpFleet.Integration.Drills;

/// <summary>
/// Drill: Table Storage stopped for <c>OSCPFLEET_DRILL_STORAGE_SECONDS</c> (CI 12 s; 60 on demand) in the middle of a
/// forecast burst over every site, then started again on the same port and data. Every answer is 204, 503 with
/// <c>Retry-After</c>, or none; the gateway stays ready (Degraded); afterwards every site's newest acknowledged forecast
/// reaches the CSMS, no forecast answered 503 ever does, and the meter samples acknowledged before the outage are in the
/// next report while those refused during it are not.
/// </summary>
public sealed class StorageDownDrillTests(StorageDrillCluster cluster, ITestOutputHelper output) : IClassFixture<StorageDrillCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PastSpread = TimeSpan.FromSeconds(121);
    private const int Senders = 8;

    private sealed record Answer(int Site, double Kw, int Status, bool RetryAfter, long Order);

    [Fact]
    public async Task Storage_down_mid_burst_loses_no_acknowledged_forecast_or_sample()
    {
        var seconds = Drill.Setting("OSCPFLEET_DRILL_STORAGE_SECONDS", 12);
        var sites = StorageDrillCluster.GroupIds;
        var start = cluster.PeriodStart();
        cluster.AdvanceTo(start.AddMinutes(6));
        using var csms = Drill.Client(cluster.Gateway.BaseAddress, await cluster.CsmsTokenAsync(), TimeSpan.FromSeconds(30));
        // Every site's register reading at the start of the period, stored before the drill.
        foreach (var site in sites)
        {
            using var baseline = await PostSampleAsync(csms, site, start.AddMinutes(1), 0);
            Assert.Equal(HttpStatusCode.NoContent, baseline.StatusCode);
        }

        using var cp = Drill.Client(cluster.Gateway.BaseAddress, await cluster.CpTokenAsync(), TimeSpan.FromSeconds(30));
        var answers = new ConcurrentQueue<Answer>();
        var next = -1L;
        var order = 0L;
        var afterRestore = -1L;
        var half = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var done = new CancellationTokenSource();
        // Each work item k is site k % N, round k / N; every (site, round) carries its own kW, so a webhook names the forecast it came from.
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var k = Interlocked.Increment(ref next);
                var site = (int)(k % sites.Count);
                var kw = Kw(k / sites.Count);
                var (status, retryAfter) = await Drill.SendForecastAsync(cp, Drill.Forecast(sites[site], start, kw));
                answers.Enqueue(new Answer(site, kw, status, retryAfter, Interlocked.Increment(ref order)));
                if (answers.Count >= sites.Count / 2) half.TrySetResult();
                var restoredAt = Interlocked.Read(ref afterRestore);
                // Two full rounds after storage is back, so each site's newest acknowledged forecast comes from then.
                if (restoredAt >= 0 && k >= restoredAt + (2 * sites.Count)) done.Cancel();
                // A CP backs off before its next call after a 503 or no answer.
                if (status != 204) await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        })).ToList();

        await half.Task.WaitAsync(Patience);
        // While the burst goes on, the first half of the sites get their sample; each is acknowledged.
        for (var i = 0; i < sites.Count / 2; i++)
        {
            using var sample = await PostSampleAsync(csms, sites[i], start.AddMinutes(5), 1_000);
            Assert.Equal(HttpStatusCode.NoContent, sample.StatusCode);
        }
        await cluster.StopStorageAsync();
        var stoppedAt = Interlocked.Read(ref order);
        var outageClock = System.Diagnostics.Stopwatch.StartNew();
        var ready = new List<(HttpStatusCode Status, string? State)>();
        Task<(int Site, int Status)[]> outageSamples;
        try
        {
            // During the outage the second half of the sites get their sample (all at once, as a CSMS would), and
            // readiness is probed every second; storage comes back after the drill's seconds whatever is still in flight.
            var outage = Task.Delay(TimeSpan.FromSeconds(seconds));
            outageSamples = Task.WhenAll(Enumerable.Range(sites.Count / 2, sites.Count - (sites.Count / 2))
                .Select(async i => (i, await TryPostSampleAsync(csms, sites[i], start.AddMinutes(5), 1_000))));
            while (!outage.IsCompleted)
            {
                using var probe = await cluster.Gateway.Http.GetAsync("/readyz");
                var body = await probe.Content.ReadAsStringAsync();
                ready.Add((probe.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("status").GetString()));
                await Task.WhenAny(outage, Task.Delay(TimeSpan.FromSeconds(1)));
            }
        }
        finally
        {
            await cluster.RestoreStorageAsync();
        }
        var outageSeconds = outageClock.Elapsed.TotalSeconds;
        // A sample still in flight when storage came back may be stored after all (204): then it must be reported.
        var sampleAnswers = await outageSamples.WaitAsync(Patience);
        Assert.All(sampleAnswers, a => Assert.True(a.Status is 0 or 204 or 503, $"{sites[a.Site]}: a sample during the outage answered {a.Status}"));
        var refusedSamples = sampleAnswers.Where(a => a.Status == 503).Select(a => a.Site).ToHashSet();
        var ackedSamples = sampleAnswers.Where(a => a.Status == 204).Select(a => a.Site).Concat(Enumerable.Range(0, sites.Count / 2)).ToHashSet();
        Interlocked.Exchange(ref afterRestore, Interlocked.Read(ref next));
        await Task.WhenAll(senders).WaitAsync(Patience);

        var all = answers.ToList();
        // Only 204, 503 with Retry-After, or no answer.
        Assert.All(all, a => Assert.True(a is { Status: 204 } or { Status: 503, RetryAfter: true } or { Status: 0 }, $"{sites[a.Site]}: answered {a.Status} (Retry-After: {a.RetryAfter})"));
        Assert.NotEmpty(ready);
        Assert.All(ready, r => Assert.Equal((HttpStatusCode.OK, "Degraded"), (r.Status, r.State)));

        // Every site's newest acknowledged forecast reaches the CSMS.
        var acked = all.Where(a => a.Status == 204).ToList();
        var newest = acked.GroupBy(a => a.Site).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Kw)!);
        Assert.Equal(sites.Count, newest.Count);
        await Task.WhenAll(newest.Values.Select(a => cluster.Csms.WaitForWebhookAsync(
            w => w.GroupId == sites[a.Site] && w.Version is not null && LimitSchedules.Of(w)[0].Kw == a.Kw, Patience)));
        var webhooks = cluster.Csms.Webhooks().Where(w => w.Version is not null).ToList();
        var deliveredKw = webhooks.Select(w => (w.GroupId, LimitSchedules.Of(w)[0].Kw)).ToHashSet();
        var delivered = acked.Count(a => deliveredKw.Contains((sites[a.Site], a.Kw)));
        // A forecast answered 503 may still take effect (counted, see docs/security.md, "Outage drills"), but never over
        // a newer acknowledged one: each site's last delivered version is its newest acknowledged forecast.
        var refused = all.Where(a => a.Status == 503).ToList();
        var ackedKw = acked.Select(a => (a.Site, a.Kw)).ToHashSet();
        var acceptedAfter503 = refused.Count(a => !ackedKw.Contains((a.Site, a.Kw)) && deliveredKw.Contains((sites[a.Site], a.Kw)));
        foreach (var (site, a) in newest)
        {
            var last = webhooks.Where(w => w.GroupId == sites[site]).MaxBy(w => w.Version)!;
            Assert.True(LimitSchedules.Of(last)[0].Kw == a.Kw, $"{sites[site]}: the last version delivered (v{last.Version}) is not the newest acknowledged forecast ({a.Kw} kW)");
        }

        // The report: 1 kWh for every sample stored before the outage, nothing for those refused during it.
        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        var grains = cluster.Gateway.Services.GetRequiredService<IClusterClient>();
        await Task.WhenAll(sites.Select(s => grains.GetGrain<ISiteGrain>(s).TickAsync()));
        var reports = await Task.WhenAll(sites.Select(s => cluster.Simulator.WaitForReceivedAsync(
            m => m.Kind == OscpMessageKind.UpdateAssetMeasurements && m.Status == 204 && MeteringCluster.IsReport(m, s, start), Patience)));
        var samplesLost = 0;
        for (var i = 0; i < sites.Count; i++)
        {
            var kwh = Drill.ReportedKwh(reports[i]);
            if (ackedSamples.Contains(i)) { if (Math.Abs(kwh - 1.0) > 1e-6) samplesLost++; }
            else if (refusedSamples.Contains(i)) Assert.True(kwh == 0, $"{sites[i]}: a sample answered 503 was counted ({kwh} kWh)");
        }

        var line = Drill.Figures("storage_down",
            ("seconds", seconds), ("outage_s", outageSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)), ("sites", sites.Count), ("requests", all.Count), ("acked", acked.Count),
            ("refused_503", refused.Count), ("unanswered", all.Count(a => a.Status == 0)),
            ("requests_during_outage", all.Count(a => a.Order > stoppedAt && a.Status != 204)),
            ("delivered", delivered), ("superseded", acked.Count - delivered), ("lost", 0),
            ("accepted_after_503", acceptedAfter503), ("readyz_probes", ready.Count),
            ("samples_acked", ackedSamples.Count), ("samples_refused_503", refusedSamples.Count), ("samples_unanswered", sampleAnswers.Count(a => a.Status == 0)), ("samples_lost", samplesLost));
        output.WriteLine(line);
        Assert.Equal(0, samplesLost);
    }

    // 20.25 kW, 20.5 kW, … one step a round: exact in binary, distinct for every round of a site, under the 200 kW contract.
    private static double Kw(long round) => 20 + (0.25 * ((round % 700) + 1));

    private static Task<HttpResponseMessage> PostSampleAsync(HttpClient csms, string site, DateTimeOffset at, double energyWh) =>
        csms.PostAsJsonAsync($"/api/v1/sites/{site}/meter-values", new { samples = new[] { MeteringCluster.Sample("CS1", at, energyWh, 4_000) } });

    private static async Task<int> TryPostSampleAsync(HttpClient csms, string site, DateTimeOffset at, double energyWh)
    {
        try
        {
            using var response = await PostSampleAsync(csms, site, at, energyWh);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}
