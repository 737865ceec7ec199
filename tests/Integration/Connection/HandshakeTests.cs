using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Connection;

public sealed class HandshakeTests(VectorPeerCluster cluster) : IClassFixture<VectorPeerCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;

    [Fact]
    public async Task Fleet_handshakes_at_start_up_asking_for_heartbeats_and_is_online_once_the_cp_acknowledges()
    {
        var handshake = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Handshake && m.Accepted, Timeout);
        await cluster.Simulator.WaitForOnlineAsync(Timeout);

        Assert.Equal(VectorPeerCluster.WeAskHeartbeatSeconds, handshake.MessageAs<Handshake>().RequiredBehaviour.HeartbeatInterval);
        Assert.Equal("FP_TEST", handshake.Headers["fp-id"]);
        var peer = await cluster.PeerAsync();
        Assert.Equal("Online", peer.GetProperty("state").GetString());
        Assert.Equal("vector", peer.GetProperty("profile").GetString());
    }

    [Fact]
    public async Task Handshake_from_the_cp_is_answered_204_then_acknowledged_with_its_request_id()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);

        var handshake = await cluster.Simulator.StartHandshakeAsync();
        var acknowledge = await cluster.Simulator.WaitForReceivedAsync(
            m => m.Kind == OscpMessageKind.HandshakeAcknowledge && m.CorrelationId == handshake.RequestId, Timeout);

        Assert.True(handshake.Delivered, handshake.ToString());
        Assert.Equal(204, acknowledge.Status);
        Assert.True(acknowledge.Sequence > handshake.AnsweredSequence,
            $"the acknowledge (#{acknowledge.Sequence}) must follow our 204 to the handshake (#{handshake.AnsweredSequence})");
        Assert.Equal(VectorPeerCluster.WeAskHeartbeatSeconds, acknowledge.MessageAs<HandshakeAcknowledge>().RequiredBehaviour?.HeartbeatInterval);

        // Online again: our first heartbeat after the handshake goes out at once, at the interval the CP asked.
        var heartbeat = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Heartbeat && m.Sequence > acknowledge.Sequence, Timeout);
        Assert.Equal(204, heartbeat.Status);
        var peer = await cluster.PeerAsync();
        Assert.Equal(VectorPeerCluster.CpAsksHeartbeatSeconds, peer.GetProperty("theyAskedHeartbeatSeconds").GetInt32());
    }

    [Fact]
    public async Task Heartbeats_flow_both_ways_at_the_negotiated_intervals()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.Clock.GetUtcNow();
        var seen = cluster.Simulator.Received(OscpMessageKind.Heartbeat).Select(m => m.Sequence).DefaultIfEmpty(0).Max();

        // The CP heartbeats at the 10 s we asked for; we heartbeat at the 20 s it asked for.
        cluster.Clock.Advance(TimeSpan.FromSeconds(VectorPeerCluster.WeAskHeartbeatSeconds));
        var theirs = await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat && s.SentAt >= start.AddSeconds(10), Timeout);
        cluster.Clock.Advance(TimeSpan.FromSeconds(VectorPeerCluster.CpAsksHeartbeatSeconds));
        var ours = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Heartbeat && m.Sequence > seen && m.ReceivedAt >= start.AddSeconds(30), Timeout);

        Assert.True(theirs.Delivered, theirs.ToString());
        var announced = ours.MessageAs<Heartbeat>().OfflineModeAt;
        Assert.True(announced - ours.ReceivedAt >= TimeSpan.FromSeconds(2 * VectorPeerCluster.CpAsksHeartbeatSeconds),
            $"offline_mode_at {announced:O} must be at least two intervals after {ours.ReceivedAt:O}");
        var peer = await cluster.PeerAsync();
        Assert.Equal(VectorPeerCluster.CpAsksHeartbeatSeconds, peer.GetProperty("ourHeartbeatSeconds").GetInt32());
        Assert.True(peer.GetProperty("lastHeartbeatReceivedAt").GetDateTimeOffset() >= start.AddSeconds(10));
        Assert.True(peer.GetProperty("counters").GetProperty("heartbeatsSent").GetInt64() >= 1);
    }

    [Fact]
    public async Task Operator_can_list_peers_and_ask_for_a_handshake_but_unknown_peers_are_404()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        using var http = await cluster.OperatorAsync();
        var before = cluster.Simulator.Sent().Select(s => s.Sequence).DefaultIfEmpty(0).Max();

        var list = JsonDocument.Parse(await http.GetStringAsync("/api/v1/peers"));
        using var unknown = await http.GetAsync("/api/v1/peers/nobody");
        using var handshake = await http.PostAsync($"/api/v1/peers/{VectorPeerCluster.PeerId}/handshake", null);

        Assert.Equal(VectorPeerCluster.PeerId, Assert.Single(list.RootElement.GetProperty("peers").EnumerateArray()).GetProperty("peerId").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, handshake.StatusCode);
        var asked = await handshake.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(VectorPeerCluster.PeerId, asked.GetProperty("peerId").GetString());
        await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.HandshakeAcknowledge && s.Delivered && s.Sequence > before, Timeout);
    }

    [Fact]
    public async Task Silo_metrics_show_the_connection_state_and_the_handshakes_and_heartbeats_of_the_peer()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        using var silo = new HttpClient { BaseAddress = new Uri(cluster.Silos[0].Urls.First()) };

        var metrics = await silo.GetStringAsync("/metrics");

        Assert.Matches("""oscpfleet_peer_state\{[^}]*peer="vector_test"[^}]*\} 2""", metrics);
        Assert.Matches("""oscpfleet_peer_limits_lost\{[^}]*peer="vector_test"[^}]*\} 0""", metrics);
        Assert.Contains("oscpfleet_peer_handshakes_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("oscp_client_token_fetches_total{", metrics, StringComparison.Ordinal);
    }
}
