using System.Net;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpTokenFetchTests
{
    [Fact]
    public async Task Concurrent_senders_share_one_token_fetch()
    {
        using var harness = new ClientHarness();
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Network.Route(TestPeers.TokenUrl, async (_, _, _) =>
        {
            requested.TrySetResult();
            await release.Task;
            return ScriptedNetwork.Token("tok-shared");
        });
        var client = harness.Client;

        // SendAsync joins the token fetch before it first yields, so all five wait on the same fetch.
        var sends = Enumerable.Range(0, 5).Select(_ => client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat())).ToArray();
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        var results = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(results, r => Assert.True(r.IsDelivered, r.Error));
        Assert.Single(harness.TokenRequests);
        Assert.All(harness.Network.To(TestPeers.HeartbeatUrl), r => Assert.Equal("Bearer tok-shared", r.Single("Authorization")));
        Assert.Equal(5, harness.Network.To(TestPeers.HeartbeatUrl).Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}""", "HTTP 401 invalid_client")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_request","error_description":"grant_type missing"}""", "HTTP 400 invalid_request (grant_type missing)")]
    [InlineData(HttpStatusCode.NotFound, "", "HTTP 404")]
    public async Task A_token_endpoint_refusing_our_credentials_makes_the_send_unauthorized_and_nothing_reaches_the_cp(
        HttpStatusCode status, string body, string detail)
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Status(status, body));

        var result = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(new OscpSendResult(OscpSendOutcome.Unauthorized, null, "", null, $"token request to cp.example.test failed: {detail}"), result);
        Assert.Empty(harness.Network.To(TestPeers.HeartbeatUrl));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_token_endpoint_failing_transiently_makes_the_send_retryable(HttpStatusCode status)
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, status);

        var result = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Retryable, result.Outcome);
        Assert.Equal($"token request to cp.example.test failed: HTTP {(int)status}", result.Error);
        Assert.Empty(harness.Network.To(TestPeers.HeartbeatUrl));
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_makes_the_send_retryable()
    {
        using var harness = new ClientHarness();
        harness.Network.Route(TestPeers.TokenUrl, (_, _, _) => throw new HttpRequestException("Name or service not known (cp.example.test:443)"));

        var result = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Retryable, result.Outcome);
        Assert.StartsWith("token request to cp.example.test failed: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Name or service not known", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_fetch_is_not_cached_so_the_next_send_asks_again()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Status(HttpStatusCode.ServiceUnavailable), () => ScriptedNetwork.Token("tok-1"));

        var first = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        var second = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Retryable, first.Outcome);
        Assert.True(second.IsDelivered);
        Assert.Equal(2, harness.TokenRequests.Count);
    }

    [Fact]
    public async Task A_refresh_after_401_that_fails_ends_the_send_with_the_token_failure()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"), () => ScriptedNetwork.Status(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}"""));
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.Unauthorized);

        var result = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Unauthorized, result.Outcome);
        Assert.Equal("token request to cp.example.test failed: HTTP 401 invalid_client", result.Error);
        Assert.Single(harness.Network.To(TestPeers.HeartbeatUrl));
    }
}
