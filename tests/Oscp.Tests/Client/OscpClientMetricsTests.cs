using System.Net;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpClientMetricsTests
{
    [Fact]
    public async Task Each_send_counts_once_by_peer_message_and_final_outcome()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent, HttpStatusCode.Conflict);

        await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());
        await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.BackwardsAdjustment());

        Assert.Equal(
            [
                "message=heartbeat,outcome=delivered,peer=vector_test +1",
                "message=heartbeat,outcome=not_connected,peer=oscp_test +1",
                "message=adjust_group_capacity_forecast,outcome=rejected,peer=oscp_test +1",
            ],
            harness.Metrics.Of("oscp.client.requests"));
    }

    [Fact]
    public async Task Token_fetches_count_by_token_host_and_outcome()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(
            TestPeers.TokenUrl,
            () => ScriptedNetwork.Status(HttpStatusCode.ServiceUnavailable),
            () => ScriptedNetwork.Status(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}"""),
            () => ScriptedNetwork.Token("tok-1"));

        for (var i = 0; i < 4; i++)
        {
            await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        }

        Assert.Equal(
            ["host=cp.example.test,outcome=retryable +1", "host=cp.example.test,outcome=unauthorized +1", "host=cp.example.test,outcome=success +1"],
            harness.Metrics.Of("oscp.client.token_fetches"));
    }
}
