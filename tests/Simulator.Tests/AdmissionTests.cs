using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Tests;

public sealed class AdmissionTests : IAsyncLifetime
{
    private const string Measurements = """
        {"group_id":"SITE_1","measurements":[{"asset_id":"SITE_1","asset_category":"CHARGING",
          "energy_measurement":{"value":12.5,"phase":"ALL","unit":"KWH","direction":"IMPORT","measure_time":"2026-11-26T12:00:00Z","initial_measure_time":"2026-11-26T11:45:00Z"},
          "instantaneous_measurement":{"value":48.2,"phase":"ALL","unit":"KW","measure_time":"2026-11-26T12:00:00Z"}}]}
        """;

    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_valid_call_is_answered_204_and_recorded_with_its_headers_body_and_message_but_never_the_authorization()
    {
        using var response = await _h.PostAsync("update_asset_measurements", Measurements, r =>
        {
            r.Headers.Remove("x-request-id");
            r.Headers.Add("x-request-id", "req-1");
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var record = await _h.Sim.WaitForReceivedAsync(r => r.RequestId == "req-1", SimulatorHarness.Timeout);
        Assert.Equal(OscpMessageKind.UpdateAssetMeasurements, record.Kind);
        Assert.Equal(204, record.Status);
        Assert.True(record.Accepted);
        Assert.Equal(SimulatorHarness.Start, record.ReceivedAt);
        Assert.Equal(SimulatorHarness.FpId, record.Headers["fp-id"]);
        Assert.DoesNotContain(record.Headers.Keys, k => k.Equals("authorization", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Measurements, record.Body);
        var message = record.MessageAs<UpdateAssetMeasurements>();
        Assert.Equal(48.2, message.Measurements[0].InstantaneousMeasurement!.Value);
        Assert.True(record.AnsweredSequence > record.Sequence);
    }

    [Fact]
    public async Task A_call_without_a_bearer_token_is_refused_with_401_and_recorded()
    {
        using var response = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)), r => r.Headers.Authorization = null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        var record = await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);
        Assert.Equal(401, record.Status);
        Assert.False(record.Accepted);
        Assert.Null(_h.Sim.GetState().Connection.LastHeartbeatReceivedAt);
    }

    [Fact]
    public async Task A_token_the_simulator_never_issued_is_refused_with_401()
    {
        using var response = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)), r => r.Headers.Authorization = new("Bearer", "made-up"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("fp-id", null)]
    [InlineData("fp-id", "ANOTHER_FP")]
    [InlineData("apikey", null)]
    [InlineData("apikey", "stolen-key")]
    [InlineData("x-access-token", null)]
    public async Task A_missing_or_wrong_static_header_is_refused_with_403_naming_it(string header, string? value)
    {
        using var response = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)), r =>
        {
            r.Headers.Remove(header);
            if (value is not null) r.Headers.Add(header, value);
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(header, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_without_x_request_id_is_refused_with_400()
    {
        using var response = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)), r => r.Headers.Remove("x-request-id"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("x-request-id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_values_of_x_request_id_in_one_header_line_are_refused_with_400()
    {
        using var response = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)), r =>
            r.Headers.TryAddWithoutValidation("X-Request-ID", Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("exactly once", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task X_request_id_sent_on_two_header_lines_is_refused_with_400()
    {
        var token = await _h.TokenAsync();
        var body = _h.HeartbeatBody(TimeSpan.FromMinutes(1));
        var request =
            $"POST /oscp/cp/2.0/heartbeat HTTP/1.1\r\nHost: {_h.Sim.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"fp-id: {SimulatorHarness.FpId}\r\napikey: {SimulatorHarness.ApiKey}\r\nx-access-token: {SimulatorHarness.AccessToken}\r\n" +
            $"x-request-id: first\r\nX-Request-ID: second\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n" +
            $"Connection: close\r\n\r\n{body}";

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_h.Sim.BaseAddress.Host, _h.Sim.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(SimulatorHarness.Timeout);

        Assert.StartsWith("HTTP/1.1 400", statusLine, StringComparison.Ordinal);
        var record = await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);
        Assert.Equal("first, second", record.RequestId);
    }

    [Fact]
    public async Task An_invalid_body_is_refused_with_400_naming_every_bad_field()
    {
        const string body = """
            {"group_id":"SITE_1","measurements":[{"asset_id":"SITE_1","asset_category":"CHARGING",
              "instantaneous_measurement":{"value":48.2,"phase":"ALL","unit":"A","measure_time":"yesterday"}}]}
            """;

        using var response = await _h.PostAsync("update_asset_measurements", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
        var errors = json.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.StartsWith("measurements[0].instantaneous_measurement.measure_time", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("measurements[0].instantaneous_measurement.unit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_a_capacity_provider_does_not_receive_is_not_found()
    {
        using var response = await _h.PostAsync("update_group_capacity_forecast", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
