using System.Net;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Tests;

public sealed class HeartbeatTests : IAsyncLifetime
{
    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Heartbeats_go_out_at_once_then_every_interval_the_FP_asked_on_the_simulator_clock()
    {
        await _h.ConnectFromFpAsync(interval: 10);
        var first = await _h.Fp.Calls.WaitForAsync(c => c.Message == "heartbeat", SimulatorHarness.Timeout);

        _h.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await _h.Fp.Calls.WaitForAsync(c => c.Message == "heartbeat" && c != first, SimulatorHarness.Timeout);
        await _h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat && s.RequestId == second.RequestId, SimulatorHarness.Timeout);

        // offline_mode_at = now + 3 × the interval: a missed heartbeat or two does not take the connection down.
        Assert.Equal("2026-11-26T12:03:40Z", first.Json.GetProperty("offline_mode_at").GetString());
        Assert.Equal("2026-11-26T12:03:50Z", second.Json.GetProperty("offline_mode_at").GetString());
        Assert.Equal(2, _h.Fp.Received("heartbeat").Count);
        Assert.Equal(SimulatorHarness.Start.AddSeconds(10), _h.Sim.GetState().Connection.LastHeartbeatSentAt);
    }

    [Fact]
    public async Task Without_an_interval_from_the_FP_the_simulator_heartbeats_at_its_own()
    {
        await _h.ConnectFromFpAsync(interval: null);
        var first = await _h.Fp.Calls.WaitForAsync(c => c.Message == "heartbeat", SimulatorHarness.Timeout);

        _h.Clock.Advance(TimeSpan.FromSeconds(59));
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _h.Fp.Calls.WaitForAsync(c => c.Message == "heartbeat" && c != first, SimulatorHarness.Timeout);

        Assert.Equal("2026-11-26T12:06:10Z", first.Json.GetProperty("offline_mode_at").GetString());
        Assert.Equal("2026-11-26T12:07:10Z", second.Json.GetProperty("offline_mode_at").GetString());
        Assert.Equal(60, _h.Sim.GetState().Connection.HeartbeatIntervalSeconds);
    }

    [Fact]
    public async Task After_the_simulators_own_handshake_heartbeats_follow_the_interval_in_the_FPs_acknowledge()
    {
        var handshake = await _h.Sim.StartHandshakeAsync();
        using var response = await _h.PostAsync("handshake_acknowledge", """{"required_behaviour":{"heartbeat_interval":15}}""",
            r => r.Headers.Add("X-Correlation-ID", handshake.RequestId));
        await _h.Sim.WaitForOnlineAsync(SimulatorHarness.Timeout);
        var acknowledge = await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.HandshakeAcknowledge, SimulatorHarness.Timeout);
        var first = await _h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);

        _h.Clock.Advance(TimeSpan.FromSeconds(15));
        var second = await _h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat && s.Sequence > first.Sequence, SimulatorHarness.Timeout);

        Assert.True(first.Sequence > acknowledge.AnsweredSequence, "the first heartbeat left before the acknowledge was answered");
        Assert.Equal(SimulatorHarness.Start.AddSeconds(15), second.SentAt);
        Assert.Equal(SimulatorHarness.Start.AddSeconds(15 + 45), second.MessageAs<Heartbeat>().OfflineModeAt);
    }

    [Fact]
    public async Task No_heartbeat_is_sent_before_a_handshake_completed()
    {
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        // A barrier: an explicit heartbeat after the clock moved; anything the schedule sent would be ahead of it.
        var barrier = await _h.Sim.SendHeartbeatAsync();

        var heartbeat = Assert.Single(_h.Fp.Received("heartbeat"));
        Assert.Equal(barrier.RequestId, heartbeat.RequestId);
    }

    [Fact]
    public async Task The_FPs_heartbeats_are_tracked_and_flagged_overdue_once_its_offline_mode_at_passes()
    {
        using var response = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromSeconds(90)));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);

        var fresh = _h.Sim.GetState().Connection;
        _h.Clock.Advance(TimeSpan.FromSeconds(91));
        var late = _h.Sim.GetState().Connection;

        Assert.Equal(SimulatorHarness.Start, fresh.LastHeartbeatReceivedAt);
        Assert.Equal(SimulatorHarness.Start.AddSeconds(90), fresh.FpOfflineModeAt);
        Assert.False(fresh.FpOverdue);
        Assert.True(late.FpOverdue);
    }
}
