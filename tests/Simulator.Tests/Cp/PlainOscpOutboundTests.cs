using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Tests.Cp;

public sealed class PlainOscpOutboundTests : IAsyncLifetime
{
    private PlainOscpHarness _h = null!;

    public async Task InitializeAsync() => _h = await PlainOscpHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_simulators_handshake_carries_its_token_and_goes_online_when_the_FP_acknowledges()
    {
        var handshake = await _h.Sim.StartHandshakeAsync();
        using var acknowledge = await _h.PostAsync("handshake_acknowledge", "{}", r => r.Headers.Add("X-Correlation-ID", handshake.RequestId));
        await _h.Sim.WaitForOnlineAsync(SimulatorHarness.Timeout);

        Assert.True(handshake.Delivered, handshake.ToString());
        var call = Assert.Single(_h.Fp.Received("handshake"));
        Assert.Equal($"Token {PlainFp.Token}", call.Authorization);
        Assert.Equal(handshake.RequestId, call.RequestId);
        Assert.Equal(30, call.Json.GetProperty("required_behaviour").GetProperty("heartbeat_interval").GetInt32());
    }

    [Fact]
    public async Task The_FPs_handshake_is_acknowledged_with_the_token_and_its_request_id()
    {
        using var response = await _h.PostAsync("handshake", """{"required_behaviour":{"measurement_configuration":["CONTINUOUS"]}}""",
            r =>
            {
                r.Headers.Remove("x-request-id");
                r.Headers.Add("x-request-id", "fp-handshake-1");
            });
        await _h.Sim.WaitForOnlineAsync(SimulatorHarness.Timeout);

        var acknowledge = Assert.Single(_h.Fp.Received("handshake_acknowledge"));
        Assert.Equal($"Token {PlainFp.Token}", acknowledge.Authorization);
        Assert.Equal("fp-handshake-1", acknowledge.CorrelationId);
        Assert.Equal(30, acknowledge.Json.GetProperty("required_behaviour").GetProperty("heartbeat_interval").GetInt32());
    }

    [Fact]
    public async Task A_token_the_FP_does_not_know_gets_the_handshake_refused_and_the_connection_stays_offline()
    {
        await using var h = await PlainOscpHarness.StartAsync(o => o.OutboundToken = "a-token-the-fp-never-gave");

        var handshake = await h.Sim.StartHandshakeAsync();

        Assert.False(handshake.Delivered);
        Assert.Equal(401, handshake.StatusCode);
        Assert.Equal(401, Assert.Single(h.Fp.Received("handshake")).Status);
        Assert.Equal(OscpFleet.Simulator.Cp.CpConnectionState.Offline, h.Sim.GetState().Connection.State);
    }
}
