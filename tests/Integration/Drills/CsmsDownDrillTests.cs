using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using OscpFleet.Integration.GridSafety;
using OscpFleet.Simulator.Fleet;
using Xunit.Abstractions;

namespace OscpFleet.Integration.Drills;

/// <summary>
/// Drill: the CSMS unreachable (its port closed: connection refused), then back but answering every webhook 500, while
/// the CP keeps sending forecasts for every site. Every forecast is acknowledged; the undelivered-version gauges show the
/// backlog meanwhile; once the CSMS answers normally each site's newest version is delivered and applied (older ones it
/// superseded need not be), and the gauges fall back to zero.
/// </summary>
public sealed partial class CsmsDownDrillTests(CsmsDrillCluster cluster, ITestOutputHelper output) : IClassFixture<CsmsDrillCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Csms_down_then_failing_loses_no_acknowledged_forecast_and_shows_in_the_undelivered_gauges()
    {
        var sites = CsmsDrillCluster.GroupIds;
        var start = cluster.PeriodStart();
        using var cp = Drill.Client(cluster.Gateway.BaseAddress, await cluster.CpTokenAsync(), TimeSpan.FromSeconds(30));
        using var silo = new HttpClient { BaseAddress = new Uri(cluster.Silos[0].Urls.First()) };
        var acked = 0;
        async Task RoundAsync(double kw)
        {
            foreach (var site in sites)
            {
                var (status, _) = await Drill.SendForecastAsync(cp, Drill.Forecast(site, start, kw));
                Assert.True(status == 204, $"{site}: forecast of {kw} kW answered {status}");
                acked++;
            }
        }

        // Connection refused: the CSMS is gone.
        await cluster.StopCsmsAsync();
        await RoundAsync(30);
        cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        var whileRefused = await WaitForGaugesAsync(silo, (undelivered, age) => undelivered == sites.Count && age >= 60);

        // Back, but every webhook answered 500; forecasts keep coming.
        await cluster.StartCsmsAsync(csms => csms.ScriptWebhookAnswers([], then: 500));
        await RoundAsync(40);
        cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(sites.Select(s => cluster.Csms.WaitForWebhookAsync(w => w.GroupId == s && w.Status == 500, Patience)));
        await RoundAsync(50);
        cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        // The age counts from the oldest version the CSMS has not accepted (the first round's), not the newest: 3 minutes.
        var failing = await WaitForGaugesAsync(silo, (undelivered, age) => undelivered == sites.Count && age >= 180);
        var answered500 = cluster.Csms.Webhooks().Count(w => w.Status == 500);

        // The CSMS answers normally again: each site's newest version (50 kW) is delivered and applied.
        using var ops = await cluster.OperatorAsync();
        var issued = new Dictionary<string, long>();
        foreach (var site in sites)
        {
            using var answer = await ops.GetAsync($"/api/v1/sites/{site}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            issued[site] = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
        }
        cluster.Csms.ClearWebhookScript();
        cluster.Clock.Advance(TimeSpan.FromMinutes(2));
        // Each site's newest version (the last round's, 50 kW) is the one delivered and applied.
        var newest = await Task.WhenAll(sites.Select(s => cluster.Csms.WaitForWebhookAsync(
            w => w.GroupId == s && w.Version == issued[s] && w.Outcome == WebhookOutcome.Applied, Patience)));
        Assert.All(newest, w => Assert.True(LimitSchedules.Of(w)[0].Kw == 50,
            $"{w.GroupId} v{w.Version}: {LimitSchedules.Of(w)[0].Kw} kW; webhooks: {string.Join("; ", cluster.Csms.Webhooks().Where(x => x.GroupId == w.GroupId))}"));
        await Task.WhenAll(newest.Select(w => cluster.Csms.WaitForAppliedAsync(w.GroupId!, w.Version!.Value, Patience)));
        foreach (var w in newest)
        {
            using var site = await ops.GetAsync($"/api/v1/sites/{w.GroupId}");
            Assert.Equal(HttpStatusCode.OK, site.StatusCode);
            var view = System.Text.Json.JsonDocument.Parse(await site.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(issued[w.GroupId!], view.GetProperty("version").GetInt64());
            Assert.Equal(w.Version, view.GetProperty("deliveredVersion").GetInt64());
        }
        await WaitForGaugesAsync(silo, (undelivered, age) => undelivered == 0 && age == 0);
        // No version older than a site's newest one was applied after it.
        Assert.DoesNotContain(cluster.Csms.Webhooks(), w => w.Outcome == WebhookOutcome.Applied && newest.Any(n => n.GroupId == w.GroupId && w.Version < n.Version && w.Sequence > n.Sequence));

        output.WriteLine(Drill.Figures("csms_down",
            ("sites", sites.Count), ("forecasts_acked", acked), ("webhooks_500", answered500),
            ("undelivered_sites_max", Math.Max(whileRefused.Undelivered, failing.Undelivered)),
            ("undelivered_age_max_s", Math.Max(whileRefused.Age, failing.Age).ToString("0", CultureInfo.InvariantCulture)),
            ("newest_delivered", newest.Length), ("superseded", acked - newest.Length), ("lost", sites.Count - newest.Length)));
    }

    /// <summary>Reads the silo's undelivered gauges for CSMS <c>main</c> until <paramref name="until"/> holds (the gauges are the signal; read every 200 ms).</summary>
    private static async Task<(int Undelivered, double Age)> WaitForGaugesAsync(HttpClient silo, Func<int, double, bool> until)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var last = "";
        while (true)
        {
            last = await silo.GetStringAsync("/metrics", timeout.Token);
            var undelivered = Gauge(SitesUndelivered(), last);
            var age = Gauge(UndeliveredAge(), last);
            if (until((int)undelivered, age)) return ((int)undelivered, age);
            try { await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"the undelivered gauges never matched; last: {string.Join(" | ", last.Split('\n').Where(l => l.Contains("undelivered", StringComparison.Ordinal) && !l.StartsWith('#')))}"); }
        }
    }

    private static double Gauge(Regex pattern, string metrics) =>
        pattern.Match(metrics) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("""^oscpfleet_sites_undelivered\{[^}]*csms="main"[^}]*\} ([0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex SitesUndelivered();

    [GeneratedRegex("""^oscpfleet_limit_undelivered_age_seconds\{[^}]*csms="main"[^}]*\} ([0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex UndeliveredAge();
}
