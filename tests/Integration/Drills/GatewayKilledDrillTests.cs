using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Integration.GridSafety;
using OscpFleet.Simulator.Fleet;
using Xunit.Abstractions;

namespace OscpFleet.Integration.Drills;

/// <summary>
/// Drill: two gateway processes in front of one cluster; one is killed (SIGKILL) while a round of forecasts is in flight
/// across both. A request that got no answer is sent again to the other gateway, as a CP retries. Only 204, 503 with
/// <c>Retry-After</c>, or no answer; every site's newest forecast is delivered; a forecast that took effect on the killed
/// gateway and was sent again issues no second version.
/// </summary>
public sealed class GatewayKilledDrillTests(GatewayDrillCluster cluster, ITestOutputHelper output) : IClassFixture<GatewayDrillCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const int Rounds = 3, Senders = 8;

    private sealed record Answer(int Status, bool RetryAfter, int Gateway);

    [Fact]
    public async Task A_gateway_killed_mid_request_loses_no_acknowledged_forecast_and_a_retry_on_the_other_has_no_double_effect()
    {
        var sites = GatewayDrillCluster.GroupIds;
        var start = cluster.PeriodStart();
        var token = await cluster.CpTokenAsync();
        using var first = Drill.Client(cluster.Gateways[0].BaseAddress, token, TimeSpan.FromSeconds(30));
        using var second = Drill.Client(cluster.Gateways[1].BaseAddress, token, TimeSpan.FromSeconds(30));
        HttpClient[] gateways = [first, second];
        using var ops = await cluster.OperatorAsync();
        var versionsBefore = new Dictionary<string, long>();
        foreach (var site in sites) versionsBefore[site] = (await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{site}")).GetProperty("version").GetInt64();

        var answers = new ConcurrentQueue<Answer>();
        var retriedOnOther = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var kw = Kw(round);
            var next = -1;
            var answered = 0;
            var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < sites.Count; i = Interlocked.Increment(ref next))
                {
                    var body = Drill.Forecast(sites[i], start, kw);
                    var target = i % 2;
                    var give = DateTime.UtcNow + Patience;
                    while (true)
                    {
                        var (status, retryAfter) = await Drill.SendForecastAsync(gateways[target], body);
                        answers.Enqueue(new Answer(status, retryAfter, target));
                        if (status == 204) break;
                        Assert.True(DateTime.UtcNow < give, $"{sites[i]}: no 204 within {Patience}");
                        // No answer, or a 503: the CP sends the same forecast again, to the gateway that is still there.
                        if (target == 0) Interlocked.Increment(ref retriedOnOther);
                        target = 1;
                        await Task.Delay(TimeSpan.FromMilliseconds(200));
                    }
                    if (Interlocked.Increment(ref answered) == sites.Count / 3) third.TrySetResult();
                }
            })).ToList();
            if (round == 1)
            {
                await third.Task.WaitAsync(Patience);
                await cluster.Gateways[0].KillAsync();
            }
            await Task.WhenAll(senders).WaitAsync(Patience);
        }

        var all = answers.ToList();
        Assert.All(all, a => Assert.True(a is { Status: 204 } or { Status: 503, RetryAfter: true } or { Status: 0 }, $"gateway {a.Gateway} answered {a.Status}"));
        // Every site's newest forecast reaches the CSMS...
        var newest = await Task.WhenAll(sites.Select(s => cluster.Csms.WaitForWebhookAsync(
            w => w.GroupId == s && w.Outcome == WebhookOutcome.Applied && LimitSchedules.Of(w)[0].Kw == Kw(Rounds - 1), Patience)));
        // ...and each round issued exactly one version per site: a forecast that took effect on the killed gateway and was
        // sent again restated the same values, which issues nothing.
        var extraVersions = 0;
        foreach (var site in sites)
        {
            var version = (await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{site}")).GetProperty("version").GetInt64();
            extraVersions += (int)(version - versionsBefore[site] - Rounds);
        }
        Assert.Equal(0, extraVersions);

        var acked = all.Count(a => a.Status == 204);
        output.WriteLine(Drill.Figures("gateway_killed",
            ("gateways", 2), ("sites", sites.Count), ("rounds", Rounds), ("requests", all.Count), ("acked", acked),
            ("unanswered", all.Count(a => a.Status == 0)), ("refused_503", all.Count(a => a.Status == 503)),
            ("retried_on_other", retriedOnOther), ("other_5xx", all.Count(a => a.Status >= 500 && a.Status != 503)),
            ("newest_delivered", newest.Length), ("extra_versions", extraVersions), ("lost", sites.Count - newest.Length)));
    }

    private static double Kw(int round) => 30 + (10 * round);
}
