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

    private static double[] Registers(FleetApiCall call) =>
    [
        .. call.Json.GetProperty("sites").EnumerateArray()
            .SelectMany(s => s.GetProperty("samples").EnumerateArray())
            .Select(s => s.GetProperty("energyWh").GetDouble()),
    ];
}
