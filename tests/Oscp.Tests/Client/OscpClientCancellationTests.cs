namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpClientCancellationTests
{
    [Fact]
    public async Task Cancelling_a_send_throws_to_the_caller_without_retrying_or_counting_an_outcome()
    {
        using var harness = new ClientHarness(o => o.MaxRetryAttempts = 2);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Network.Route(TestPeers.HeartbeatUrl, async (_, _, cancellationToken) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        using var cancel = new CancellationTokenSource();

        var send = harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat(), cancellationToken: cancel.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(harness.Network.Requests);
        Assert.Empty(harness.Metrics.Of("oscp.client.requests"));
    }
}
