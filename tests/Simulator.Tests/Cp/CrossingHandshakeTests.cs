using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Tests.Cp;

public sealed class CrossingHandshakeTests : IAsyncLifetime
{
    private const string Handshake = """{"required_behaviour":{"measurement_configuration":["CONTINUOUS"]}}""";

    private PlainOscpHarness _h = null!;

    public async Task InitializeAsync() => _h = await PlainOscpHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_stale_acknowledge_the_FP_refuses_after_its_newer_handshake_does_not_take_the_newer_one_down()
    {
        var first = _h.Fp.Hold("handshake_acknowledge");
        var second = _h.Fp.Hold("handshake_acknowledge");
        using var firstHandshake = await _h.PostAsync("handshake", Handshake);
        await first.Arrived.Task.WaitAsync(SimulatorHarness.Timeout);
        using var secondHandshake = await _h.PostAsync("handshake", Handshake);
        await second.Arrived.Task.WaitAsync(SimulatorHarness.Timeout);

        // The FP has moved on to its second handshake: it refuses the acknowledge of the first, then takes the second's.
        first.Answer.SetResult(400);
        var stale = await _h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.HandshakeAcknowledge && s.StatusCode == 400, SimulatorHarness.Timeout);
        second.Answer.SetResult(204);
        await _h.Sim.WaitForOnlineAsync(SimulatorHarness.Timeout);

        Assert.False(stale.Delivered);
        Assert.Equal(2, _h.Fp.Received("handshake_acknowledge").Count);
    }
}
