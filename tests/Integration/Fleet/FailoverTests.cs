using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OscpFleet.Integration.GridSafety;

namespace OscpFleet.Integration.Fleet;

/// <summary>
/// Several silos, one lost in the middle of a forecast burst: every forecast the gateway answered 204 has its limit at the
/// CSMS (nothing acknowledged is lost), every other answer is a 503 with <c>Retry-After</c> (or none, for a call the lost
/// silo held) that the CP retries, and the lost silo's sites answer again. Then a rolling restart (each silo stopped gracefully in turn, a replacement started):
/// only 204s and 503s with <c>Retry-After</c>, every limit delivered.
/// </summary>
public sealed class FailoverTests(FailoverCluster cluster) : IClassFixture<FailoverCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_silo_killed_mid_burst_loses_no_acknowledged_forecast_and_its_sites_answer_again()
    {
        var answers = await BurstAsync(kw: i => 20 + (i * 0.5), duringBurst: async () =>
        {
            // A crash: no graceful hand-over, nothing the silo held in memory is written.
            await cluster.StopSiloAsync(cluster.Silos[1], graceful: false);
        });

        await AssertEveryLimitDeliveredAsync(i => 20 + (i * 0.5));
        // Calls on the lost silo end as 503 with Retry-After, or without an answer; never a 4xx or a 500.
        Assert.All(answers.Where(a => a.Status != 204), a => Assert.True(a is (503, true) or (0, false), $"answered {a.Status}"));
        using var ops = await cluster.OperatorAsync();
        foreach (var groupId in FailoverCluster.GroupIds)
        {
            using var site = await ops.GetAsync($"/api/v1/sites/{groupId}");
            Assert.Equal(HttpStatusCode.OK, site.StatusCode);
        }
        await cluster.StartSiloAsync();
    }

    [Fact]
    public async Task A_rolling_restart_answers_only_204_or_503_with_retry_after_and_delivers_every_limit()
    {
        var answers = await BurstAsync(kw: i => 20.25 + (i * 0.5), duringBurst: async () =>
        {
            foreach (var silo in cluster.Silos.ToArray())
            {
                await cluster.StartSiloAsync();
                await cluster.StopSiloAsync(silo, graceful: true);
            }
        });

        await AssertEveryLimitDeliveredAsync(i => 20.25 + (i * 0.5));
        Assert.All(answers.Where(a => a.Status != 204), a => Assert.Equal((503, true), (a.Status, a.RetryAfter)));
    }

    private sealed record Answer(int Status, bool RetryAfter);

    /// <summary>
    /// One forecast per site from 8 concurrent senders; once a third are answered, <paramref name="duringBurst"/> runs while
    /// the rest go on. A sender retries a non-204 answer (as a CP does) until 204. Returns every answer.
    /// </summary>
    private async Task<IReadOnlyList<Answer>> BurstAsync(Func<int, double> kw, Func<Task> duringBurst)
    {
        var token = await cluster.CpTokenAsync();
        using var http = new HttpClient { BaseAddress = cluster.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var answers = new ConcurrentBag<Answer>();
        var start = cluster.PeriodStart();
        var next = -1;
        var answered = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < FailoverCluster.GroupIds.Count; i = Interlocked.Increment(ref next))
            {
                var body = Body(FailoverCluster.GroupIds[i], start, kw(i));
                var give = DateTime.UtcNow + Patience;
                while (true)
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/oscp/fp/2.0/update_group_capacity_forecast") { Content = content };
                    request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
                    int status;
                    bool retryAfter;
                    try
                    {
                        using var response = await http.SendAsync(request);
                        status = (int)response.StatusCode;
                        retryAfter = response.Headers.RetryAfter is not null;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // No answer (a call the lost silo held until the client gave up): nothing was acknowledged.
                        status = 0;
                        retryAfter = false;
                    }
                    answers.Add(new Answer(status, retryAfter));
                    if (status == 204) break;
                    Assert.True(DateTime.UtcNow < give, $"{FailoverCluster.GroupIds[i]}: no 204 within {Patience}");
                    // The CP's own back-off before a retry (the cluster recovers on real time: Orleans membership).
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                }
                if (Interlocked.Increment(ref answered) == FailoverCluster.GroupIds.Count / 3) third.TrySetResult();
            }
        })).ToList();
        await third.Task.WaitAsync(Patience);
        await duringBurst();
        await Task.WhenAll(senders);
        return [.. answers];
    }

    private async Task AssertEveryLimitDeliveredAsync(Func<int, double> kw)
    {
        var delivered = FailoverCluster.GroupIds.Select((groupId, i) => cluster.Csms.WaitForWebhookAsync(
            w => w.GroupId == groupId && w.Version is not null && LimitSchedules.Of(w)[0].Kw == kw(i), Patience));
        await Task.WhenAll(delivered);
    }

    private static string Body(string groupId, DateTimeOffset start, double kw)
    {
        var blocks = Enumerable.Range(0, 8).Select(b => string.Create(CultureInfo.InvariantCulture,
            $$"""{"capacity":{{kw}},"phase":"ALL","unit":"KW","start_time":"{{start.AddMinutes(15 * b):yyyy-MM-ddTHH:mm:ssZ}}","end_time":"{{start.AddMinutes(15 * (b + 1)):yyyy-MM-ddTHH:mm:ssZ}}"}"""));
        return $$"""{"group_id":"{{groupId}}","type":"CONSUMPTION","forecasted_blocks":[{{string.Join(",", blocks)}}]}""";
    }
}
