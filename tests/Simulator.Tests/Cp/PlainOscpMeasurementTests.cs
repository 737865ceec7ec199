using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Tests.Cp;

/// <summary>A plain OSCP CP receives UpdateGroupMeasurements and asks for the kind of readings it wants.</summary>
public sealed class PlainOscpMeasurementTests
{
    // CONTINUOUS: the running register, no initial_measure_time.
    private const string Cumulative = """
        {"group_id":"SITE_1","measurements":[{"value":1834.521,"phase":"ALL","unit":"KWH","direction":"IMPORT","measure_time":"2026-11-26T12:15:00Z"}]}
        """;

    // INTERMITTENT: the period's energy, counted from initial_measure_time.
    private const string PerPeriod = """
        {"group_id":"SITE_1","measurements":[{"value":3125,"phase":"ALL","unit":"WH","direction":"IMPORT",
          "initial_measure_time":"2026-11-26T12:00:00Z","measure_time":"2026-11-26T12:15:00Z"}]}
        """;

    [Fact]
    public async Task Group_measurements_are_accepted_typed_and_logged_on_one_line_each()
    {
        var logs = new LogCapture();
        await using var h = await PlainOscpHarness.StartAsync(logs: logs);

        using var cumulative = await h.PostAsync("update_group_measurements", Cumulative);
        using var perPeriod = await h.PostAsync("update_group_measurements", PerPeriod);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (cumulative.StatusCode, perPeriod.StatusCode));
        var second = await h.Sim.WaitForAcceptedAsync(OscpMessageKind.UpdateGroupMeasurements, 2, SimulatorHarness.Timeout);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), second.MessageAs<UpdateGroupMeasurements>().Measurements[0].InitialMeasureTime);
        Assert.Equal(
            ["Report SITE_1 at 12:15: 1834.521 kWh cumulative", "Report SITE_1 12:00–12:15: 3.125 kWh"],
            logs.Lines.Snapshot(l => l.Message.StartsWith("Report ", StringComparison.Ordinal)).Select(l => l.Message));
        Assert.Equal("Report SITE_1 12:00–12:15: 3.125 kWh", second.Summary);
    }

    [Fact]
    public async Task Group_measurements_are_validated_with_the_oscp_profile()
    {
        await using var h = await PlainOscpHarness.StartAsync();

        using var response = await h.PostAsync("update_group_measurements", Cumulative.Replace("\"KWH\"", "\"KW\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!);
        Assert.Contains(errors, e => e.StartsWith("measurements[0].unit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_configured_measurement_configuration_goes_in_the_handshake_and_the_acknowledge()
    {
        await using var h = await PlainOscpHarness.StartAsync(o =>
        {
            o.RequiredHeartbeatIntervalSeconds = 0;
            o.RequiredMeasurementConfiguration = [MeasurementConfiguration.Intermittent];
        });

        var handshake = await h.Sim.StartHandshakeAsync();
        await h.ConnectFromFpAsync(interval: null);
        var acknowledge = await h.Fp.Calls.WaitForAsync(c => c.Message == "handshake_acknowledge", SimulatorHarness.Timeout);

        Assert.True(handshake.Delivered, handshake.ToString());
        Assert.Equal("""{"required_behaviour":{"measurement_configuration":["INTERMITTENT"]}}""", Assert.Single(h.Fp.Received("handshake")).Body);
        Assert.Equal("""{"required_behaviour":{"measurement_configuration":["INTERMITTENT"]}}""", acknowledge.Body);
        var state = await h.Http.GetFromJsonAsync<JsonElement>("/sim/state");
        Assert.Equal(["INTERMITTENT"], state.GetProperty("requiredMeasurementConfiguration").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Asking_for_intermittent_readings_only_a_reading_without_initial_measure_time_is_a_400()
    {
        await using var h = await PlainOscpHarness.StartAsync(o => o.RequiredMeasurementConfiguration = [MeasurementConfiguration.Intermittent]);
        const string assetReport = """
            {"group_id":"SITE_1","measurements":[{"asset_id":"SITE_1","asset_category":"CHARGING",
              "energy_measurement":{"value":1834.5,"phase":"ALL","unit":"KWH","direction":"IMPORT","measure_time":"2026-11-26T12:15:00Z"}}]}
            """;

        using var cumulative = await h.PostAsync("update_group_measurements", Cumulative);
        using var cumulativeAsset = await h.PostAsync("update_asset_measurements", assetReport);
        using var perPeriod = await h.PostAsync("update_group_measurements", PerPeriod);

        Assert.Equal(
            (HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NoContent),
            (cumulative.StatusCode, cumulativeAsset.StatusCode, perPeriod.StatusCode));
        Assert.Equal(
            ["measurements[0].initial_measure_time: is required (the CP asked for INTERMITTENT readings)"],
            (await cumulative.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            ["measurements[0].energy_measurement.initial_measure_time: is required (the CP asked for INTERMITTENT readings)"],
            (await cumulativeAsset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Asking_for_both_kinds_either_reading_is_accepted()
    {
        await using var h = await PlainOscpHarness.StartAsync(o =>
            o.RequiredMeasurementConfiguration = [MeasurementConfiguration.Continuous, MeasurementConfiguration.Intermittent]);

        using var cumulative = await h.PostAsync("update_group_measurements", Cumulative);
        using var perPeriod = await h.PostAsync("update_group_measurements", PerPeriod);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (cumulative.StatusCode, perPeriod.StatusCode));
    }
}
