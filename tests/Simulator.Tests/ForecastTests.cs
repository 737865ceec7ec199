using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests;

public sealed class ForecastTests : IAsyncLifetime
{
    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_forecast_on_demand_reaches_the_FP_as_96_quarter_hours_from_the_current_quarter_hour()
    {
        var sent = Assert.Single(await _h.Sim.SendForecastAsync(new ForecastRequest { GroupId = "SITE_1" }));

        var call = Assert.Single(_h.Fp.Received("update_group_capacity_forecast"));
        Assert.Equal(sent.RequestId, call.RequestId);
        var body = call.Json;
        Assert.Equal("SITE_1", body.GetProperty("group_id").GetString());
        Assert.Equal("CONSUMPTION", body.GetProperty("type").GetString());
        var blocks = body.GetProperty("forecasted_blocks").EnumerateArray().ToList();
        Assert.Equal(96, blocks.Count);
        Assert.Equal("2026-11-26T12:00:00Z", blocks[0].GetProperty("start_time").GetString());
        Assert.Equal("2026-11-26T12:15:00Z", blocks[0].GetProperty("end_time").GetString());
        Assert.Equal("2026-11-27T12:00:00Z", blocks[^1].GetProperty("end_time").GetString());
        Assert.All(blocks, b =>
        {
            Assert.Equal(100, b.GetProperty("capacity").GetDouble());
            Assert.Equal("KW", b.GetProperty("unit").GetString());
            Assert.Equal("ALL", b.GetProperty("phase").GetString());
        });
        Assert.Equal(sent.RequestId, _h.Sim.GetState().LastForecastRequestIds["SITE_1"]);
    }

    [Fact]
    public async Task An_all_zero_fallback_forecast_reaches_the_FP_with_every_capacity_zero()
    {
        await _h.Sim.SendForecastAsync(new ForecastRequest { GroupId = "SITE_2", Type = CapacityForecastType.FallbackConsumption, AllZero = true });

        var body = Assert.Single(_h.Fp.Received("update_group_capacity_forecast")).Json;
        Assert.Equal("FALLBACK_CONSUMPTION", body.GetProperty("type").GetString());
        Assert.All(body.GetProperty("forecasted_blocks").EnumerateArray(), b => Assert.Equal(0, b.GetProperty("capacity").GetDouble()));
    }

    [Fact]
    public async Task A_custom_capacity_and_block_count_shape_the_forecast()
    {
        var sent = Assert.Single(await _h.Sim.SendForecastAsync(new ForecastRequest { GroupId = "SITE_1", CapacityKw = 42.5, BlockCount = 4 }));

        var forecast = sent.MessageAs<UpdateGroupCapacityForecast>();
        Assert.Equal(4, forecast.ForecastedBlocks.Count);
        Assert.All(forecast.ForecastedBlocks, b => Assert.Equal(42.5, b.Capacity));
        Assert.Equal(sent.Body, Assert.Single(_h.Fp.Received("update_group_capacity_forecast")).Body);
    }

    [Fact]
    public async Task A_forecast_without_a_group_goes_to_every_configured_site_each_with_its_own_request_id()
    {
        var sent = await _h.Sim.SendForecastAsync(new ForecastRequest());

        var calls = _h.Fp.Received("update_group_capacity_forecast");
        Assert.Equal(["SITE_1", "SITE_2"], calls.Select(c => c.Json.GetProperty("group_id").GetString()).Order());
        Assert.Equal(2, sent.Select(s => s.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task Scheduled_forecasts_go_to_every_site_on_connecting_and_then_every_period()
    {
        await using var h = await SimulatorHarness.StartAsync(o => o.ForecastPeriodMinutes = 15);
        // Heartbeats every hour: none due while the test moves the clock by a quarter.
        await h.ConnectFromFpAsync(interval: 3600);
        await h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.UpdateGroupCapacityForecast && s.GroupId == "SITE_1", SimulatorHarness.Timeout);
        await h.Sim.WaitForSentAsync(s => s.Kind == OscpMessageKind.UpdateGroupCapacityForecast && s.GroupId == "SITE_2", SimulatorHarness.Timeout);

        h.Clock.Advance(TimeSpan.FromMinutes(15));
        var later = await h.Sim.WaitForSentAsync(
            s => s.Kind == OscpMessageKind.UpdateGroupCapacityForecast && s.SentAt == SimulatorHarness.Start.AddMinutes(15), SimulatorHarness.Timeout);

        // 12:18:10 is in the quarter hour that started at 12:15.
        var blocks = later.MessageAs<UpdateGroupCapacityForecast>().ForecastedBlocks;
        Assert.Equal(SimulatorHarness.Start.AddMinutes(15).AddSeconds(-190), blocks[0].StartTime);
        Assert.Equal(96, blocks.Count);
    }

    [Fact]
    public async Task A_forecast_request_without_a_group_and_no_configured_site_is_refused()
    {
        await using var h = await SimulatorHarness.StartAsync(o => o.Sites = []);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Sim.SendForecastAsync(new ForecastRequest()));

        Assert.Contains("groupId", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fp.Received("update_group_capacity_forecast"));
    }

    [Fact]
    public void The_current_quarter_hour_is_aligned_to_utc()
    {
        var at = new DateTimeOffset(2026, 11, 27, 1, 44, 59, TimeSpan.FromHours(13));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 30, 0, TimeSpan.Zero), ForecastFactory.QuarterHour(at));
    }
}
