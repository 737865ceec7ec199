using System.Net;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests;

public sealed class InboundHandshakeTests : IAsyncLifetime
{
    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_handshake_from_the_FP_is_answered_204_then_acknowledged_with_its_request_id_as_correlation()
    {
        using var response = await _h.PostAsync("handshake", """{"required_behaviour":{"heartbeat_interval":10}}""", r =>
        {
            r.Headers.Remove("x-request-id");
            r.Headers.Add("x-request-id", "fp-handshake-1");
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var ack = await _h.Fp.Calls.WaitForAsync(c => c.Message == "handshake_acknowledge", SimulatorHarness.Timeout);
        Assert.Equal("fp-handshake-1", ack.CorrelationId);
        Assert.Equal(30, ack.Json.GetProperty("required_behaviour").GetProperty("heartbeat_interval").GetInt32());
        Assert.StartsWith("Bearer ", ack.Authorization, StringComparison.Ordinal);
        Assert.Single(ack.RequestIds);
    }

    [Fact]
    public async Task The_acknowledge_leaves_only_after_the_204_to_the_handshake_was_written()
    {
        using var response = await _h.PostAsync("handshake", """{"required_behaviour":{"heartbeat_interval":10}}""");

        var handshake = await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Handshake, SimulatorHarness.Timeout);
        var ack = await _h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.HandshakeAcknowledge, SimulatorHarness.Timeout);
        Assert.True(ack.Sequence > handshake.AnsweredSequence, $"acknowledge #{ack.Sequence} left before the 204 (#{handshake.AnsweredSequence}) was written");
        Assert.Equal(handshake.AnsweredAt, ack.ReplyToAnsweredAt);
        Assert.Equal(handshake.RequestId, ack.CorrelationId);
        Assert.Equal(OscpSendOutcome.Delivered, ack.Outcome);
    }

    [Fact]
    public async Task The_connection_is_online_once_the_FP_accepts_the_acknowledge_and_heartbeats_at_the_interval_it_asked()
    {
        Assert.Equal(CpConnectionState.Offline, _h.Sim.GetState().Connection.State);

        await _h.ConnectFromFpAsync(interval: 10);

        var connection = _h.Sim.GetState().Connection;
        Assert.Equal(CpConnectionState.Online, connection.State);
        Assert.Equal(10, connection.FpAskedHeartbeatIntervalSeconds);
        Assert.Equal(10, connection.HeartbeatIntervalSeconds);
        Assert.Equal(SimulatorHarness.Start, connection.ConnectedAt);
    }

    [Fact]
    public async Task An_acknowledge_the_FP_refuses_leaves_the_connection_offline_with_the_reason()
    {
        _h.Fp.Answer("handshake_acknowledge", 400);

        using var response = await _h.PostAsync("handshake", """{"required_behaviour":{"heartbeat_interval":10}}""");
        var ack = await _h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.HandshakeAcknowledge, SimulatorHarness.Timeout);

        Assert.Equal(OscpSendOutcome.Rejected, ack.Outcome);
        Assert.Equal(400, ack.StatusCode);
        var connection = _h.Sim.GetState().Connection;
        Assert.Equal(CpConnectionState.Offline, connection.State);
        Assert.Contains("400", connection.LastError, StringComparison.Ordinal);
    }
}
