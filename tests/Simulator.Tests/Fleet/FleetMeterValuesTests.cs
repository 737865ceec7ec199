using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator.Tests.Fleet;

public sealed class FleetMeterValuesTests
{
    [Fact]
    public async Task Meter_values_are_posted_every_interval_with_increasing_registers_and_a_csms_token()
    {
        await using var h = await FleetHarness.StartAsync(o => o.MeterIntervalSeconds = 60);

        h.Clock.Advance(TimeSpan.FromSeconds(60));
        var first = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.MeterValues, FleetHarness.Timeout);
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        var second = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.MeterValues && c.Sequence > first.Sequence, FleetHarness.Timeout);

        var posted = h.Gateway.Received("meter-values");
        Assert.Equal(2, posted.Count);
        Assert.All(posted, c => Assert.Equal(("POST", "/api/v1/meter-values", FakeFleetGateway.CsmsClientId), (c.Method, c.Path, c.ClientId)));
        Assert.Equal(
            """{"sites":[{"groupId":"SITE_1","samples":[{"chargerId":"CS-001","at":"2026-11-26T12:01:00Z","energyWh":833,"powerW":50000},{"chargerId":"CS-002","at":"2026-11-26T12:01:00Z","energyWh":1666,"powerW":100000}]},{"groupId":"SITE_2","samples":[{"chargerId":"CS-101","at":"2026-11-26T12:01:00Z","energyWh":366,"powerW":22000}]}]}""",
            posted[0].Body);
        Assert.Equal([1666.0, 3333.0, 733.0], Registers(posted[1]));
        Assert.Equal((202, FleetHarness.Start.AddSeconds(120)), (second.Status, second.SentAt));
    }

    [Fact]
    public async Task Only_onboarded_sites_report_when_the_simulator_onboards_them()
    {
        await using var h = await FleetHarness.StartAsync(o => o.OnboardSites = true);
        await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard && c.Succeeded && c.GroupId == "SITE_1", FleetHarness.Timeout);
        await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard && c.Succeeded && c.GroupId == "SITE_2", FleetHarness.Timeout);

        var call = await h.Sim.SendMeterValuesAsync();

        Assert.Equal(202, call?.Status);
        var sites = Assert.Single(h.Gateway.Received("meter-values")).Json.GetProperty("sites");
        Assert.Equal(["SITE_1", "SITE_2"], sites.EnumerateArray().Select(s => s.GetProperty("groupId").GetString()));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Samples_the_gateway_did_not_take_go_again_with_the_next_intervals_and_only_once_taken_are_they_dropped(int status)
    {
        await using var h = await FleetHarness.StartAsync(o => o.MeterIntervalSeconds = 60);
        h.Gateway.Answer("meter-values", status);

        var refused = await TickAsync(h, 1);
        Assert.Equal((status, (DateTimeOffset?)FleetHarness.Start.AddSeconds(120)), (refused.Status, refused.RetryAt));
        Assert.Equal(3, h.Sim.GetState().PendingMeterSamples);
        var taken = await TickAsync(h, 2);
        Assert.Equal((202, (DateTimeOffset?)null, 0), (taken.Status, taken.RetryAt, h.Sim.GetState().PendingMeterSamples));
        await TickAsync(h, 3);

        var posted = h.Gateway.Received("meter-values");
        Assert.Equal(
            [
                "SITE_1 CS-001 12:01:00 833 50000", "SITE_1 CS-002 12:01:00 1666 100000", "SITE_1 CS-001 12:02:00 1666 50000", "SITE_1 CS-002 12:02:00 3333 100000",
                "SITE_2 CS-101 12:01:00 366 22000", "SITE_2 CS-101 12:02:00 733 22000",
            ],
            Rows(posted[1]));
        // The same samples, unchanged: the gateway de-duplicates them by (chargerId, at).
        Assert.Equal(Rows(posted[0]), Rows(posted[1]).Where(r => r.Contains("12:01:00", StringComparison.Ordinal)));
        Assert.Equal(["SITE_1 CS-001 12:03:00 2500 50000", "SITE_1 CS-002 12:03:00 5000 100000", "SITE_2 CS-101 12:03:00 1100 22000"], Rows(posted[2]));
    }

    [Fact]
    public async Task A_400_is_logged_with_the_gateways_problem_and_its_samples_are_dropped()
    {
        var logs = new LogCapture();
        await using var h = await FleetHarness.StartAsync(o => o.MeterIntervalSeconds = 60, logs);
        h.Gateway.Answer("meter-values", 400);

        var refused = await TickAsync(h, 1);
        await TickAsync(h, 2);

        Assert.Equal((400, (DateTimeOffset?)null), (refused.Status, refused.RetryAt));
        var line = await logs.WaitForPrefixAsync("Meter values refused");
        Assert.StartsWith("Meter values refused by OscpFleet (HTTP 400); 3 samples dropped: {", line.Message, StringComparison.Ordinal);
        Assert.Contains("unknown time zone", line.Message, StringComparison.Ordinal);
        Assert.All(Rows(h.Gateway.Received("meter-values")[1]), r => Assert.Contains("12:02:00", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_out_of_reach_keeps_the_samples_for_the_next_interval()
    {
        // Nothing listens on port 1: every attempt fails before an answer.
        await using var h = await FleetHarness.StartAsync(o =>
        {
            o.MeterIntervalSeconds = 60;
            o.FleetBaseUrl = "http://127.0.0.1:1";
        });

        var first = await TickAsync(h, 1);
        var second = await TickAsync(h, 2);

        Assert.Equal(((int?)null, (DateTimeOffset?)FleetHarness.Start.AddSeconds(180)), (second.Status, second.RetryAt));
        Assert.NotNull(first.Error);
        Assert.Equal(6, h.Sim.GetState().PendingMeterSamples);
    }

    [Fact]
    public async Task The_samples_kept_are_bounded_per_charger_and_the_oldest_go_first()
    {
        var logs = new LogCapture();
        await using var h = await FleetHarness.StartAsync(o =>
        {
            o.MeterIntervalSeconds = 60;
            o.MaxPendingSamplesPerCharger = 2;
        }, logs);
        h.Gateway.Answer("meter-values", 503, 503, 503);

        for (var tick = 1; tick <= 4; tick++) await TickAsync(h, tick);

        var last = h.Gateway.Received("meter-values")[3];
        Assert.Equal(
            [
                "SITE_1 CS-001 12:03:00 2500 50000", "SITE_1 CS-002 12:03:00 5000 100000", "SITE_1 CS-001 12:04:00 3333 50000", "SITE_1 CS-002 12:04:00 6666 100000",
                "SITE_2 CS-101 12:03:00 1100 22000", "SITE_2 CS-101 12:04:00 1466 22000",
            ],
            Rows(last));
        Assert.Equal(202, last.Status);
        Assert.Equal("Meter samples of CS-001 at SITE_1: the 1 oldest dropped (more than 2 waiting for the gateway)", (await logs.WaitForPrefixAsync("Meter samples of CS-001")).Message);
    }

    [Fact]
    public async Task A_manual_send_at_a_ticks_instant_carries_one_row_per_charger()
    {
        await using var h = await FleetHarness.StartAsync(o => o.MeterIntervalSeconds = 60);
        h.Gateway.Answer("meter-values", 503);
        await TickAsync(h, 1);

        var call = await h.Sim.SendMeterValuesAsync();

        Assert.Equal(202, call?.Status);
        Assert.Equal(["SITE_1 CS-001 12:01:00 833 50000", "SITE_1 CS-002 12:01:00 1666 100000", "SITE_2 CS-101 12:01:00 366 22000"], Rows(h.Gateway.Received("meter-values")[1]));
    }

    [Fact]
    public async Task Samples_carry_the_clamped_power_and_registers_integrate_it_over_simulator_time()
    {
        await using var h = await FleetHarness.StartAsync(o => o.MeterIntervalSeconds = 60);
        // 60 kW for SITE_1, split by rating: CS-001 (50 kW) 20 kW, CS-002 (100 kW) 40 kW.
        await h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 60));

        await TickAsync(h, 1);
        h.Sim.SetDemand("SITE_1", "CS-001", 5);
        await TickAsync(h, 2);

        var posted = h.Gateway.Received("meter-values");
        Assert.Equal(["SITE_1 CS-001 12:01:00 333 20000", "SITE_1 CS-002 12:01:00 666 40000"], Rows(posted[0]).Take(2));
        // 20 kW for a minute, then 5 kW for a minute: 333.3 + 83.3 Wh.
        Assert.Equal(["SITE_1 CS-001 12:02:00 416 5000", "SITE_1 CS-002 12:02:00 1333 40000"], Rows(posted[1]).Take(2));
    }

    [Fact]
    public async Task A_simulated_register_reset_restarts_that_chargers_samples_from_zero()
    {
        await using var h = await FleetHarness.StartAsync(o => o.MeterIntervalSeconds = 60);
        await TickAsync(h, 1);
        h.Clock.Advance(TimeSpan.FromSeconds(30));

        using var reset = await h.Http.PostAsync("/sim/fleet/sites/SITE_1/chargers/CS-001/reset-register", null);
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.MeterValues && c.SentAt == FleetHarness.Start.AddMinutes(2), FleetHarness.Timeout);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(0, (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chargers")[0].GetProperty("energyWh").GetDouble());
        // Half a minute at 50 kW since the reset; CS-002 counts on.
        Assert.Equal(["SITE_1 CS-001 12:02:00 416 50000", "SITE_1 CS-002 12:02:00 3333 100000"], Rows(h.Gateway.Received("meter-values")[1]).Take(2));
    }

    // Advances the clock to tick n (n intervals of 60 s after the start) and waits for that tick's call.
    private static async Task<GatewayCall> TickAsync(FleetHarness h, int n)
    {
        h.Clock.Advance(FleetHarness.Start.AddMinutes(n) - h.Clock.GetUtcNow());
        return await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.MeterValues && c.SentAt == FleetHarness.Start.AddMinutes(n), FleetHarness.Timeout);
    }

    // "group charger HH:mm:ss energyWh powerW" per sample, in body order.
    private static string[] Rows(FleetApiCall call) =>
    [
        .. call.Json.GetProperty("sites").EnumerateArray().SelectMany(site => site.GetProperty("samples").EnumerateArray().Select(s =>
            $"{site.GetProperty("groupId").GetString()} {s.GetProperty("chargerId").GetString()} {s.GetProperty("at").GetString()![11..19]} " +
            $"{s.GetProperty("energyWh").GetInt64()} {s.GetProperty("powerW").GetInt64()}")),
    ];

    private static double[] Registers(FleetApiCall call) =>
    [
        .. call.Json.GetProperty("sites").EnumerateArray()
            .SelectMany(s => s.GetProperty("samples").EnumerateArray())
            .Select(s => s.GetProperty("energyWh").GetDouble()),
    ];
}
