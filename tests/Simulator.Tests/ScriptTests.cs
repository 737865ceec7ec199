using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests;

public sealed class ScriptTests : IAsyncLifetime
{
    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Scripted_statuses_answer_the_next_calls_in_order_then_normal_handling_resumes()
    {
        _h.Sim.ScriptAnswers(OscpMessageKind.Heartbeat, new ScriptedAnswers([500, 500, 500]));

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([500, 500, 500, 204], statuses);
        var records = _h.Sim.Received(OscpMessageKind.Heartbeat);
        Assert.Equal([false, false, false, true], records.Select(r => r.Accepted));
        Assert.Empty(_h.Sim.GetState().Scripts);
    }

    [Fact]
    public async Task A_permanent_409_answers_every_call_as_not_connected_until_cleared()
    {
        _h.Sim.ScriptAnswers(OscpMessageKind.Heartbeat, new ScriptedAnswers([], Then: 409));

        using var first = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));
        using var second = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));
        _h.Sim.ClearScripts(OscpMessageKind.Heartbeat);
        using var cleared = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));

        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("connection offline: handshake required", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
    }

    [Fact]
    public async Task A_script_for_one_kind_leaves_the_others_alone()
    {
        _h.Sim.ScriptAnswers(OscpMessageKind.GroupCapacityComplianceError, new ScriptedAnswers([503]));

        using var heartbeat = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));

        Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        Assert.Equal([503], _h.Sim.GetState().Scripts["group_capacity_compliance_error"].Statuses);
    }

    [Fact]
    public async Task Held_calls_of_one_kind_wait_unanswered_and_unrecorded_counted_in_flight_while_other_kinds_are_answered()
    {
        const string Measurements = """
            {"group_id":"SITE_1","measurements":[{"asset_id":"SITE_1","asset_category":"CHARGING",
              "energy_measurement":{"value":12.5,"phase":"ALL","unit":"KWH","direction":"IMPORT","measure_time":"2026-11-26T12:00:00Z","initial_measure_time":"2026-11-26T11:45:00Z"}}]}
            """;
        const OscpMessageKind Kind = OscpMessageKind.UpdateAssetMeasurements;
        var held = _h.Sim.HoldAnswers(Kind);
        Assert.Throws<InvalidOperationException>(() => { _ = _h.Sim.HoldAnswers(OscpMessageKind.Heartbeat); });

        var first = _h.PostAsync("update_asset_measurements", Measurements);
        var second = _h.PostAsync("update_asset_measurements", Measurements);
        await held.WaitAsync(SimulatorHarness.Timeout);
        // Both in: the count, not a wait of some length, says so.
        var deadline = DateTime.UtcNow + SimulatorHarness.Timeout;
        while (_h.Sim.PeakInFlight(Kind) < 2 && DateTime.UtcNow < deadline) await Task.Delay(10);
        using (var heartbeat = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1))))
            Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        Assert.False(first.IsCompleted || second.IsCompleted);
        Assert.Empty(_h.Sim.Received(Kind));
        Assert.Equal(2, _h.Sim.PeakInFlight(Kind));

        _h.Sim.ReleaseAnswers();
        using var one = await first;
        using var two = await second;
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent], [one.StatusCode, two.StatusCode]);
        Assert.Equal(2, _h.Sim.Received(Kind, accepted: true).Count);
        // Released: later calls go straight through, and a new measurement of the peak starts from what is in flight (none).
        _h.Sim.ResetPeakInFlight(Kind);
        using (var third = await _h.PostAsync("update_asset_measurements", Measurements))
            Assert.Equal(HttpStatusCode.NoContent, third.StatusCode);
        Assert.Equal(1, _h.Sim.PeakInFlight(Kind));
        Assert.Equal(1, _h.Sim.PeakInFlight(OscpMessageKind.Heartbeat));
    }

    [Fact]
    public async Task A_silent_simulator_sends_no_heartbeat_forecast_or_handshake()
    {
        await using var h = await SimulatorHarness.StartAsync(o => o.ForecastPeriodMinutes = 15);
        await h.ConnectFromFpAsync(interval: 10);
        await h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);
        await h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.UpdateGroupCapacityForecast && s.GroupId == "SITE_2", SimulatorHarness.Timeout);
        await h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.UpdateGroupCapacityForecast && s.GroupId == "SITE_1", SimulatorHarness.Timeout);
        var before = h.Fp.Calls.Count;

        h.Sim.SetSilent(true);
        h.Clock.Advance(TimeSpan.FromMinutes(30));
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Sim.StartHandshakeAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Sim.SendForecastAsync(new ForecastRequest()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Sim.SendHeartbeatAsync());
        h.Sim.SetSilent(false);
        // A barrier: anything the schedule sent while silent would have reached the FP before it.
        var barrier = await h.Sim.SendHeartbeatAsync();
        // The fake FP records a call once its answer is out, which may be just after the simulator read that answer.
        await h.Fp.Calls.WaitForAsync(c => c.RequestIds.Contains(barrier.RequestId), SimulatorHarness.Timeout);

        var since = h.Fp.Calls.Snapshot().Skip(before).ToList();
        Assert.Equal(barrier.RequestId, Assert.Single(since).RequestId);
        Assert.True(h.Sim.GetState().Silent is false);
    }

    [Fact]
    public async Task A_silent_simulator_answers_a_handshake_but_never_acknowledges_it()
    {
        _h.Sim.SetSilent(true);

        using var response = await _h.PostAsync("handshake", """{"required_behaviour":{"heartbeat_interval":10}}""");
        await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Handshake, SimulatorHarness.Timeout);
        _h.Sim.SetSilent(false);
        var barrier = await _h.Sim.SendHeartbeatAsync();
        // The fake FP records a call once its answer is out, which may be just after the simulator read that answer.
        await _h.Fp.Calls.WaitForAsync(c => c.RequestIds.Contains(barrier.RequestId), SimulatorHarness.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(barrier.RequestId, Assert.Single(_h.Fp.Calls.Snapshot()).RequestId);
        Assert.Equal(CpConnectionState.Handshaking, _h.Sim.GetState().Connection.State);
    }

    [Fact]
    public async Task Silence_with_an_answer_status_answers_every_call_with_it_and_applies_nothing()
    {
        _h.Sim.SetSilent(true, answerStatus: 503);

        using var response = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null(_h.Sim.GetState().Connection.LastHeartbeatReceivedAt);
        Assert.Equal(503, _h.Sim.GetState().SilentAnswerStatus);
    }
}
