using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests.Cp;

/// <summary>What a Vector-like CP makes of the FP's reports, adjustments and compliance errors: one line each, and records a test can wait for.</summary>
public sealed class ReceivedReportTests : IAsyncLifetime
{
    // Vector's shape (docs/protocol.md, "Measurements and reports"): one asset for the site, the quarter hour's energy and its maximum load.
    private const string QuarterHourReport = """
        {"group_id":"SITE_1","measurements":[{"asset_id":"SITE_1","asset_category":"CHARGING",
          "instantaneous_measurement":{"value":48.2,"phase":"ALL","unit":"KW","measure_time":"2026-11-26T12:15:00Z"},
          "energy_measurement":{"value":3.125,"phase":"ALL","unit":"KWH","direction":"IMPORT","energy_type":"TOTAL",
            "initial_measure_time":"2026-11-26T12:00:00Z","measure_time":"2026-11-26T12:15:00Z"}}]}
        """;

    private readonly LogCapture _logs = new();
    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync(logs: _logs);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task An_accepted_report_is_one_console_line_and_its_record_carries_the_same_summary()
    {
        using var response = await _h.PostAsync("update_asset_measurements", QuarterHourReport);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var line = await _logs.WaitForPrefixAsync("Report ");
        Assert.Equal("Report SITE_1 12:00–12:15: 3.125 kWh, max 48.2 kW", line.Message);
        var record = await _h.Sim.WaitForAcceptedAsync(OscpMessageKind.UpdateAssetMeasurements, 1, SimulatorHarness.Timeout);
        Assert.Equal(line.Message, record.Summary);
        Assert.Equal(3.125, record.MessageAs<UpdateAssetMeasurements>().Measurements[0].EnergyMeasurement!.Value);
    }

    [Fact]
    public async Task Readings_in_Wh_and_W_are_shown_in_kWh_and_kW()
    {
        const string body = """
            {"group_id":"SITE_1","measurements":[{"asset_id":"SITE_1","asset_category":"CHARGING",
              "instantaneous_measurement":{"value":48200,"phase":"ALL","unit":"W","measure_time":"2026-11-26T12:15:00Z"},
              "energy_measurement":{"value":3125,"phase":"ALL","unit":"WH","direction":"IMPORT",
                "initial_measure_time":"2026-11-26T12:00:00Z","measure_time":"2026-11-26T12:15:00Z"}}]}
            """;

        using var response = await _h.PostAsync("update_asset_measurements", body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("Report SITE_1 12:00–12:15: 3.125 kWh, max 48.2 kW", (await _logs.WaitForPrefixAsync("Report ")).Message);
    }

    [Fact]
    public async Task An_adjustment_is_logged_with_its_block_count_and_first_block()
    {
        var blocks = string.Join(",", Enumerable.Range(0, 4).Select(i =>
            $$"""{"capacity":{{150 + (10 * i)}},"phase":"ALL","unit":"KW","start_time":"{{Quarter(i)}}","end_time":"{{Quarter(i + 1)}}"}"""));

        using var response = await _h.PostAsync("adjust_group_capacity_forecast", $$"""{"group_id":"SITE_2","type":"CONSUMPTION","forecasted_blocks":[{{blocks}}]}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("Adjustment SITE_2 CONSUMPTION: 4 blocks, first 12:00–12:15 150 kW", (await _logs.WaitForPrefixAsync("Adjustment ")).Message);
    }

    [Fact]
    public async Task A_compliance_error_is_logged_with_its_correlation_id_the_site_of_that_forecast_and_its_message()
    {
        var forecast = Assert.Single(await _h.Sim.SendForecastAsync(new ForecastRequest { GroupId = "SITE_2", BlockCount = 1 }));
        const string body = """
            {"message":"Site drew 160 kW against a limit of 150 kW",
             "forecasted_blocks":[{"capacity":150,"phase":"ALL","unit":"KW","start_time":"2026-11-26T12:00:00Z","end_time":"2026-11-26T12:15:00Z"}]}
            """;

        using var correlated = await _h.PostAsync("group_capacity_compliance_error", body, r => r.Headers.Add("X-Correlation-ID", forecast.RequestId));
        using var unknown = await _h.PostAsync("group_capacity_compliance_error", """{"message":"over"}""", r => r.Headers.Add("X-Correlation-ID", "not-a-forecast"));
        using var uncorrelated = await _h.PostAsync("group_capacity_compliance_error", """{"message":"over"}""");

        Assert.Equal(
            $"Compliance error for forecast {forecast.RequestId} of SITE_2: Site drew 160 kW against a limit of 150 kW [1 block, first 12:00–12:15 150 kW]",
            (await _logs.WaitForPrefixAsync($"Compliance error for forecast {forecast.RequestId}")).Message);
        Assert.Equal(
            "Compliance error for forecast not-a-forecast (not one the simulator sent): over",
            (await _logs.WaitForPrefixAsync("Compliance error for forecast not-a-forecast")).Message);
        Assert.Equal("Compliance error without X-Correlation-ID: over", (await _logs.WaitForPrefixAsync("Compliance error without")).Message);
    }

    [Fact]
    public async Task The_received_list_filters_by_kind_and_acceptance_and_shows_each_summary()
    {
        using var accepted = await _h.PostAsync("update_asset_measurements", QuarterHourReport);
        using var refused = await _h.PostAsync("update_asset_measurements", """{"group_id":"SITE_1"}""");
        using var heartbeat = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));
        await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);

        var reports = await _h.Http.GetFromJsonAsync<JsonElement>("/sim/received?kind=update_asset_measurements");
        var acceptedOnly = await _h.Http.GetFromJsonAsync<JsonElement>("/sim/received?kind=update_asset_measurements&accepted=true");

        Assert.Equal([204, 400], reports.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        var only = Assert.Single(acceptedOnly.EnumerateArray());
        Assert.Equal("Report SITE_1 12:00–12:15: 3.125 kWh, max 48.2 kW", only.GetProperty("summary").GetString());
        Assert.True(only.GetProperty("accepted").GetBoolean());
        Assert.Equal(2, _h.Sim.Received(accepted: true).Count);
    }

    [Fact]
    public async Task Waiting_for_the_nth_accepted_message_counts_only_accepted_ones_of_that_kind_kept_or_to_come()
    {
        using var report = await _h.PostAsync("update_asset_measurements", QuarterHourReport);
        using var invalid = await _h.PostAsync("update_asset_measurements", """{"group_id":"SITE_1"}""");
        using var heartbeat = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));
        await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.Heartbeat, SimulatorHarness.Timeout);

        var second = _h.Sim.WaitForAcceptedAsync(OscpMessageKind.UpdateAssetMeasurements, 2, SimulatorHarness.Timeout);
        Assert.False(second.IsCompleted);
        using var later = await _h.PostAsync("update_asset_measurements", QuarterHourReport.Replace("SITE_1", "SITE_2", StringComparison.Ordinal));

        Assert.Equal("SITE_2", (await second).MessageAs<UpdateAssetMeasurements>().GroupId);
        var first = await _h.Sim.WaitForAcceptedAsync(OscpMessageKind.UpdateAssetMeasurements, 1, SimulatorHarness.Timeout);
        Assert.Equal("SITE_1", first.MessageAs<UpdateAssetMeasurements>().GroupId);
    }

    [Fact]
    public async Task A_vector_CP_has_no_group_measurements_endpoint_so_such_a_call_is_a_recorded_404()
    {
        const string body = """{"group_id":"SITE_1","measurements":[{"value":3.1,"phase":"ALL","unit":"KWH","direction":"IMPORT","measure_time":"2026-11-26T12:15:00Z"}]}""";

        using var response = await _h.PostAsync("update_group_measurements", body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("update_asset_measurements", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        var record = await _h.Sim.WaitForReceivedAsync(r => r.Kind == OscpMessageKind.UpdateGroupMeasurements, SimulatorHarness.Timeout);
        Assert.Equal((404, false, (string?)null), (record.Status, record.Accepted, record.Summary));
        Assert.Throws<ArgumentException>(() => _h.Sim.ScriptAnswers(OscpMessageKind.UpdateGroupMeasurements, new ScriptedAnswers([500])));
    }

    private static string Quarter(int i) => $"{new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc).AddMinutes(15 * i):yyyy-MM-ddTHH:mm:ssZ}";
}
