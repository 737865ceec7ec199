using System.Net;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpClientRetryTests
{
    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Transient_statuses_are_retried_quickly_then_reported_retryable(int status)
    {
        using var harness = new ClientHarness(o => o.MaxRetryAttempts = 2);
        harness.Network.Answer(TestPeers.HeartbeatUrl, () => ScriptedNetwork.Status((HttpStatusCode)status, "busy"));

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Retryable, result.Outcome);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal("busy", result.ResponseBody);
        var attempts = harness.Network.To(TestPeers.HeartbeatUrl);
        Assert.Equal(3, attempts.Count);
        Assert.Equal(attempts[^1].RequestId, result.RequestId);
    }

    [Fact]
    public async Task A_retried_attempt_carries_a_new_request_id_and_the_result_names_the_last_one()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent);

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat(), correlationId: "corr-1");

        Assert.True(result.IsDelivered);
        var attempts = harness.Network.To(TestPeers.HeartbeatUrl);
        Assert.Equal(2, attempts.Count);
        Assert.NotEqual(attempts[0].RequestId, attempts[1].RequestId);
        Assert.Equal(attempts[1].RequestId, result.RequestId);
        Assert.All(attempts, a => Assert.Equal("corr-1", a.Single("X-Correlation-ID")));
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
    }

    [Fact]
    public async Task A_transport_error_is_retried_then_reported_retryable_without_a_status()
    {
        using var harness = new ClientHarness(o => o.MaxRetryAttempts = 2);
        harness.Network.Route(TestPeers.HeartbeatUrl, (_, _, _) => throw new HttpRequestException("Connection refused (cp.example.test:443)"));

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Retryable, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.Equal("transport error: Connection refused (cp.example.test:443)", result.Error);
        var attempts = harness.Network.To(TestPeers.HeartbeatUrl);
        Assert.Equal(3, attempts.Count);
        Assert.Equal(attempts[^1].RequestId, result.RequestId);
        Assert.Equal(3, attempts.Select(a => a.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task With_no_quick_retries_a_transient_answer_is_sent_once()
    {
        using var harness = new ClientHarness(o => o.MaxRetryAttempts = 0);
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.BadGateway);

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Retryable, result.Outcome);
        Assert.Single(harness.Network.Requests);
    }

    [Fact]
    public async Task An_attempt_that_outlives_its_timeout_is_abandoned_retried_and_finally_reported_retryable()
    {
        var pipelineClock = new FakeTimeProvider(TestPeers.Start);
        using var harness = new ClientHarness(
            o => (o.MaxRetryAttempts, o.AttemptTimeout, o.TotalTimeout) = (1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)),
            pipelineClock);
        var entered = new SemaphoreSlim(0);
        var abandoned = 0;
        harness.Network.Route(TestPeers.HeartbeatUrl, async (_, _, cancellationToken) =>
        {
            entered.Release();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken); // a CP that never answers
            }
            finally
            {
                Interlocked.Increment(ref abandoned);
            }

            throw new InvalidOperationException("unreachable");
        });

        var send = harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)), $"attempt {attempt} never reached the wire");
            pipelineClock.Advance(TimeSpan.FromSeconds(10));
        }

        var result = await send.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(OscpSendOutcome.Retryable, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.StartsWith("timed out", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, abandoned);
        Assert.Equal(harness.Network.Requests[^1].RequestId, result.RequestId);
    }
}
