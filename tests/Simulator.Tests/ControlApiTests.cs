using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OscpFleet.Simulator.Tests;

public sealed class ControlApiTests : IAsyncLifetime
{
    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task State_is_camel_case_json_with_the_connection_and_intervals()
    {
        var state = await _h.Http.GetFromJsonAsync<JsonElement>("/sim/state");

        Assert.Equal("offline", state.GetProperty("connection").GetProperty("state").GetString());
        Assert.Equal(60, state.GetProperty("connection").GetProperty("heartbeatIntervalSeconds").GetInt32());
        Assert.Equal(30, state.GetProperty("requiredHeartbeatIntervalSeconds").GetInt32());
        Assert.False(state.GetProperty("silent").GetBoolean());
    }

    [Fact]
    public async Task A_forecast_posted_to_the_control_api_reaches_the_FP_and_is_listed_as_sent()
    {
        using var response = await _h.Http.PostAsJsonAsync("/sim/forecasts",
            JsonDocument.Parse("""{"groupId":"SITE_1","type":"FALLBACK_CONSUMPTION","allZero":true,"blockCount":4}""").RootElement);
        response.EnsureSuccessStatusCode();
        var sent = await _h.Http.GetFromJsonAsync<JsonElement>("/sim/sent?kind=update_group_capacity_forecast");

        var call = Assert.Single(_h.Fp.Received("update_group_capacity_forecast"));
        Assert.Equal(4, call.Json.GetProperty("forecasted_blocks").GetArrayLength());
        Assert.Equal("FALLBACK_CONSUMPTION", call.Json.GetProperty("type").GetString());
        var record = Assert.Single(sent.EnumerateArray());
        Assert.Equal(call.RequestId, record.GetProperty("requestId").GetString());
        Assert.Equal("update_group_capacity_forecast", record.GetProperty("kind").GetString());
        Assert.Equal("delivered", record.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Explicit_blocks_posted_to_the_control_api_are_sent_as_given()
    {
        using var response = await _h.Http.PostAsJsonAsync("/sim/forecasts", JsonDocument.Parse("""
            {"groupId":"SITE_2","blocks":[{"capacity":7.5,"phase":"ALL","unit":"KW","startTime":"2026-11-26T12:00:00Z","endTime":"2026-11-26T13:00:00Z"}]}
            """).RootElement);
        response.EnsureSuccessStatusCode();

        var block = Assert.Single(Assert.Single(_h.Fp.Received("update_group_capacity_forecast")).Json.GetProperty("forecasted_blocks").EnumerateArray());
        Assert.Equal(7.5, block.GetProperty("capacity").GetDouble());
        Assert.Equal("2026-11-26T13:00:00Z", block.GetProperty("end_time").GetString());
    }

    [Fact]
    public async Task Scripts_set_over_http_answer_the_next_calls_and_received_calls_are_listed_by_kind()
    {
        using var script = await _h.Http.PutAsJsonAsync("/sim/scripts/heartbeat", JsonDocument.Parse("""{"statuses":[502]}""").RootElement);
        script.EnsureSuccessStatusCode();

        using var first = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));
        var received = await _h.Http.GetFromJsonAsync<JsonElement>("/sim/received?kind=heartbeat");

        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal(502, Assert.Single(received.EnumerateArray()).GetProperty("status").GetInt32());
        Assert.False(Assert.Single(received.EnumerateArray()).TryGetProperty("message", out _));
    }

    [Fact]
    public async Task Sending_while_silent_is_a_409_and_an_unknown_message_kind_a_400()
    {
        using var silence = await _h.Http.PutAsJsonAsync("/sim/silent", JsonDocument.Parse("""{"silent":true}""").RootElement);
        silence.EnsureSuccessStatusCode();

        using var heartbeat = await _h.Http.PostAsync("/sim/heartbeat", null);
        using var unknown = await _h.Http.GetAsync("/sim/received?kind=teleport");

        Assert.Equal(HttpStatusCode.Conflict, heartbeat.StatusCode);
        Assert.Contains("silent", (await heartbeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Empty(_h.Fp.Calls.Snapshot());
    }

    [Fact]
    public async Task Refusing_tokens_and_clearing_records_work_over_http()
    {
        using var heartbeat = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));
        using var refuse = await _h.Http.PutAsJsonAsync("/sim/refuse-tokens", JsonDocument.Parse("""{"refuse":true}""").RootElement);
        using var clear = await _h.Http.DeleteAsync("/sim/records");
        using var token = await _h.Http.PostAsync("/token", SimulatorHarness.Form(SimulatorHarness.SimClientId, SimulatorHarness.SimClientSecret));

        Assert.True((await refuse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refusingTokens").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        Assert.Empty(_h.Sim.Received());
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }
}
