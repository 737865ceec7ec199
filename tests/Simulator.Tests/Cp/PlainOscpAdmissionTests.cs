using System.Net;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Tests.Cp;

public sealed class PlainOscpAdmissionTests : IAsyncLifetime
{
    // An ampere reading: plain OSCP allows it, Vector's profile (KW/W only) refuses it.
    private const string AmpereMeasurements = """
        {"group_id":"SITE_1","measurements":[{"asset_id":"SITE_1","asset_category":"CHARGING",
          "instantaneous_measurement":{"value":32,"phase":"ALL","unit":"A","measure_time":"2026-11-26T12:00:00Z"}}]}
        """;

    private PlainOscpHarness _h = null!;

    public async Task InitializeAsync() => _h = await PlainOscpHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_call_with_the_configured_token_is_accepted_without_any_vector_header()
    {
        using var response = await _h.PostAsync("heartbeat", """{"offline_mode_at":"2026-11-26T12:10:00Z"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var record = await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);
        Assert.True(record.Accepted);
        Assert.Equal(SimulatorHarness.Start, _h.Sim.GetState().Connection.LastHeartbeatReceivedAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Token not-the-configured-token")]
    [InlineData("Bearer " + PlainOscpHarness.InboundToken)]
    public async Task A_missing_or_wrong_token_or_a_bearer_token_is_refused_with_401_naming_the_token_scheme(string? authorization)
    {
        using var response = await _h.PostAsync("heartbeat", """{"offline_mode_at":"2026-11-26T12:10:00Z"}""", r =>
        {
            r.Headers.Authorization = null;
            if (authorization is not null) r.Headers.TryAddWithoutValidation("Authorization", authorization);
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Token", response.Headers.WwwAuthenticate.ToString());
        var record = await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);
        Assert.False(record.Accepted);
        Assert.Null(_h.Sim.GetState().Connection.LastHeartbeatReceivedAt);
    }

    [Fact]
    public async Task A_call_without_x_request_id_is_refused_with_400()
    {
        using var response = await _h.PostAsync("heartbeat", """{"offline_mode_at":"2026-11-26T12:10:00Z"}""", r => r.Headers.Remove("x-request-id"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("x-request-id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bodies_follow_plain_OSCP_rules_so_an_ampere_reading_Vector_would_refuse_is_accepted()
    {
        using var response = await _h.PostAsync("update_asset_measurements", AmpereMeasurements);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var record = await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.UpdateAssetMeasurements, SimulatorHarness.Timeout);
        Assert.Equal(32, record.MessageAs<UpdateAssetMeasurements>().Measurements[0].InstantaneousMeasurement!.Value);
    }

    [Fact]
    public async Task There_is_no_token_endpoint_because_plain_OSCP_has_no_OAuth()
    {
        using var response = await _h.Http.PostAsync("/token", SimulatorHarness.Form("anyone", "anything"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
