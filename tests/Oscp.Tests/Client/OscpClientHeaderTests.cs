using System.Net;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpClientHeaderTests
{
    [Fact]
    public async Task Every_request_carries_exactly_one_request_id_even_when_a_static_header_tries_to_set_it()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));
        var peer = TestPeers.Vector(KeyValuePair.Create("x-request-id", "pinned-by-config"), KeyValuePair.Create("X-REQUEST-ID", "again"));

        var result = await harness.Client.SendAsync(peer, TestPeers.Heartbeat());

        var request = Assert.Single(harness.Network.To(TestPeers.HeartbeatUrl));
        Assert.True(Guid.TryParse(request.RequestId, out _), request.RequestId);
        Assert.Equal(request.RequestId, result.RequestId);
    }

    [Fact]
    public async Task Each_send_gets_a_new_request_id()
    {
        using var harness = new ClientHarness();
        var client = harness.Client;

        var first = await client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());
        var second = await client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.NotEqual(first.RequestId, second.RequestId);
        Assert.Equal([first.RequestId, second.RequestId], harness.Network.To(TestPeers.HeartbeatUrl).Select(r => r.RequestId));
    }

    [Fact]
    public async Task Static_headers_json_content_type_and_bearer_token_are_sent_and_reserved_names_are_not_overridden()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));
        var peer = TestPeers.Vector(
            KeyValuePair.Create("fp-id", "FP42"),
            KeyValuePair.Create("apikey", TestPeers.ApiKey),
            KeyValuePair.Create("x-access-token", "test-access"),
            KeyValuePair.Create("Authorization", "Basic bm9wZQ=="),
            KeyValuePair.Create("Content-Type", "text/plain"));

        await harness.Client.SendAsync(peer, TestPeers.Heartbeat());

        var request = Assert.Single(harness.Network.To(TestPeers.HeartbeatUrl));
        Assert.Equal("POST", request.Method);
        Assert.Equal("FP42", request.Single("fp-id"));
        Assert.Equal(TestPeers.ApiKey, request.Single("apikey"));
        Assert.Equal("test-access", request.Single("x-access-token"));
        Assert.Equal("Bearer tok-1", request.Single("Authorization"));
        Assert.Equal("application/json", request.Single("Content-Type"));
        Assert.Empty(request.Values("X-Correlation-ID"));
        Assert.Equal(OscpJson.Serialize(TestPeers.Heartbeat()), request.Body);
    }

    [Fact]
    public async Task Correlation_id_is_sent_when_given()
    {
        using var harness = new ClientHarness();

        await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat(), correlationId: "req-of-the-handshake");

        Assert.Equal("req-of-the-handshake", Assert.Single(harness.Network.Requests).Single("X-Correlation-ID"));
    }

    [Fact]
    public async Task Oscp_peer_is_authenticated_with_its_static_token_and_no_token_endpoint_is_called()
    {
        using var harness = new ClientHarness();

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.True(result.IsDelivered);
        var request = Assert.Single(harness.Network.Requests);
        Assert.Equal($"Token {TestPeers.StaticTokenValue}", request.Single("Authorization"));
    }

    [Fact]
    public async Task Message_is_posted_to_the_overridden_path()
    {
        using var harness = new ClientHarness();
        var peer = TestPeers.Oscp() with { BaseUrl = new Uri("https://cp.example.test/base/"), Paths = new Dictionary<string, string> { ["heartbeat"] = "/alt/heartbeat" } };
        harness.Network.Answer("https://cp.example.test/base/alt/heartbeat", HttpStatusCode.NoContent);

        var result = await harness.Client.SendAsync(peer, TestPeers.Heartbeat());

        Assert.True(result.IsDelivered);
        Assert.Equal("https://cp.example.test/base/alt/heartbeat", Assert.Single(harness.Network.Requests).Url);
    }
}
