using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests;

public sealed class OutboundHandshakeTests : IAsyncLifetime
{
    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_simulators_handshake_reaches_the_FP_asking_for_the_configured_heartbeat_interval()
    {
        var sent = await _h.Sim.StartHandshakeAsync();

        Assert.True(sent.Delivered);
        var call = Assert.Single(_h.Fp.Received("handshake"));
        Assert.Equal(sent.RequestId, call.RequestId);
        Assert.Equal(30, call.Json.GetProperty("required_behaviour").GetProperty("heartbeat_interval").GetInt32());
        Assert.StartsWith("Bearer ", call.Authorization, StringComparison.Ordinal);
        var connection = _h.Sim.GetState().Connection;
        Assert.Equal(CpConnectionState.AwaitingAcknowledge, connection.State);
        Assert.Contains(sent.RequestId, connection.OutstandingHandshakeRequestIds);
    }

    [Fact]
    public async Task A_correlated_acknowledge_brings_the_connection_online_with_the_interval_it_asks()
    {
        var sent = await _h.Sim.StartHandshakeAsync();

        using var response = await _h.PostAsync("handshake_acknowledge", """{"required_behaviour":{"heartbeat_interval":20}}""",
            r => r.Headers.Add("X-Correlation-ID", sent.RequestId));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await _h.Sim.WaitForOnlineAsync(SimulatorHarness.Timeout);
        var connection = _h.Sim.GetState().Connection;
        Assert.Equal(20, connection.HeartbeatIntervalSeconds);
        Assert.Empty(connection.OutstandingHandshakeRequestIds);
    }

    [Theory]
    [InlineData("not-the-handshake")]
    [InlineData(null)]
    public async Task An_acknowledge_with_a_wrong_or_missing_correlation_id_is_refused_with_400(string? correlationId)
    {
        await _h.Sim.StartHandshakeAsync();

        using var response = await _h.PostAsync("handshake_acknowledge", "{}", r =>
        {
            if (correlationId is not null) r.Headers.Add("X-Correlation-ID", correlationId);
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Correlation-ID", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(CpConnectionState.AwaitingAcknowledge, _h.Sim.GetState().Connection.State);
    }

    [Fact]
    public async Task An_acknowledge_without_an_outstanding_handshake_is_refused_with_400()
    {
        using var response = await _h.PostAsync("handshake_acknowledge", "{}", r => r.Headers.Add("X-Correlation-ID", Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(CpConnectionState.Offline, _h.Sim.GetState().Connection.State);
    }

    [Fact]
    public async Task A_handshake_the_FP_refuses_leaves_the_connection_offline()
    {
        _h.Fp.Answer("handshake", 403);

        var sent = await _h.Sim.StartHandshakeAsync();

        Assert.False(sent.Delivered);
        Assert.Equal(403, sent.StatusCode);
        Assert.Equal(CpConnectionState.Offline, _h.Sim.GetState().Connection.State);
    }

    [Fact]
    public async Task The_handshake_is_sent_on_start_up_when_configured()
    {
        await using var h = await SimulatorHarness.StartAsync(o => o.HandshakeOnStart = true);

        var sent = await h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.Handshake, SimulatorHarness.Timeout);

        Assert.True(sent.Delivered);
        Assert.Equal(sent.RequestId, Assert.Single(h.Fp.Received("handshake")).RequestId);
    }
}
