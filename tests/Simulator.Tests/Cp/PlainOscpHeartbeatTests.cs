using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Tests.Cp;

public sealed class PlainOscpHeartbeatTests : IAsyncLifetime
{
    private PlainOscpHarness _h = null!;

    public async Task InitializeAsync() => _h = await PlainOscpHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task When_the_FP_asks_for_no_heartbeats_none_is_sent_not_even_at_the_simulators_own_interval()
    {
        await _h.ConnectFromFpAsync(interval: null);

        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        // A barrier: an explicit heartbeat after the clock moved; one at connecting or from a schedule would be ahead of it.
        var barrier = await _h.Sim.SendHeartbeatAsync();

        var heartbeat = Assert.Single(_h.Fp.Received("heartbeat"));
        Assert.Equal(barrier.RequestId, heartbeat.RequestId);
        Assert.Null(_h.Sim.GetState().Connection.HeartbeatIntervalSeconds);
        // An explicit heartbeat still announces an offline instant: three of the simulator's own intervals.
        Assert.Equal(SimulatorHarness.Start.AddMinutes(5).AddSeconds(180), barrier.MessageAs<Heartbeat>().OfflineModeAt);
    }

    [Fact]
    public async Task When_the_FP_asks_for_heartbeats_they_go_out_at_once_then_at_its_interval()
    {
        await _h.ConnectFromFpAsync(interval: 15);
        var first = await _h.Fp.Calls.WaitForAsync(c => c.Message == "heartbeat", SimulatorHarness.Timeout);

        _h.Clock.Advance(TimeSpan.FromSeconds(15));
        var second = await _h.Fp.Calls.WaitForAsync(c => c.Message == "heartbeat" && c != first, SimulatorHarness.Timeout);

        Assert.Equal($"Token {PlainFp.Token}", second.Authorization);
        Assert.Equal("2026-11-26T12:03:55Z", first.Json.GetProperty("offline_mode_at").GetString());
        Assert.Equal("2026-11-26T12:04:10Z", second.Json.GetProperty("offline_mode_at").GetString());
        Assert.Equal(15, _h.Sim.GetState().Connection.HeartbeatIntervalSeconds);
    }

    [Fact]
    public async Task A_new_handshake_asking_for_no_heartbeats_stops_them()
    {
        await _h.ConnectFromFpAsync(interval: 15);
        var first = await _h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);

        await _h.ConnectFromFpAsync(interval: null);
        await _h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.HandshakeAcknowledge && s.Sequence > first.Sequence, SimulatorHarness.Timeout);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var barrier = await _h.Sim.SendHeartbeatAsync();

        Assert.Equal([first.RequestId, barrier.RequestId], _h.Fp.Received("heartbeat").Select(c => c.RequestId));
    }

    [Fact]
    public async Task Asking_for_no_heartbeats_the_simulators_handshake_and_acknowledge_carry_no_interval()
    {
        await using var h = await PlainOscpHarness.StartAsync(o => o.RequiredHeartbeatIntervalSeconds = 0);

        var handshake = await h.Sim.StartHandshakeAsync();
        await h.ConnectFromFpAsync(interval: null);
        var acknowledge = await h.Fp.Calls.WaitForAsync(c => c.Message == "handshake_acknowledge", SimulatorHarness.Timeout);

        Assert.True(handshake.Delivered, handshake.ToString());
        Assert.False(Assert.Single(h.Fp.Received("handshake")).Json.GetProperty("required_behaviour").TryGetProperty("heartbeat_interval", out _));
        Assert.Equal("{}", acknowledge.Body);
    }
}
