using System.Net;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator.Tests.Fleet;

public sealed class FleetOnboardingTests
{
    [Fact]
    public async Task At_start_every_site_is_onboarded_with_the_contract_body_and_one_shared_operator_token()
    {
        await using var h = await FleetHarness.StartAsync(o => o.OnboardSites = true);

        await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard && c.GroupId == "SITE_1" && c.Succeeded, FleetHarness.Timeout);
        await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard && c.GroupId == "SITE_2" && c.Succeeded, FleetHarness.Timeout);

        var site1 = Assert.Single(h.Gateway.Received("onboard"), c => c.Path == "/api/v1/sites/SITE_1");
        Assert.Equal("PUT", site1.Method);
        Assert.Equal(FakeFleetGateway.OperatorClientId, site1.ClientId);
        Assert.StartsWith("application/json", site1.ContentType, StringComparison.Ordinal);
        Assert.Equal(
            """{"peerId":"vector_test","assetId":"ASSET_1","timeZone":"Pacific/Auckland","nominalVoltage":230,"phases":3,"baseDoe":[{"from":"00:00","kw":120}],"maxImportKw":150,"csms":"main","chargers":[{"id":"CS-001","ratedKw":50},{"id":"CS-002","ratedKw":100}]}""",
            site1.Body);
        // Defaults: the asset id is the group id, base DOE = maximum = the chargers' total; no voltage or phases sent.
        var site2 = Assert.Single(h.Gateway.Received("onboard"), c => c.Path == "/api/v1/sites/SITE_2");
        Assert.Equal(
            """{"peerId":"vector_test","assetId":"SITE_2","timeZone":"Pacific/Chatham","baseDoe":[{"from":"00:00","kw":22}],"maxImportKw":22,"csms":"backup","chargers":[{"id":"CS-101","ratedKw":22}]}""",
            site2.Body);
        Assert.Equal([(FakeFleetGateway.OperatorClientId, "operator")], h.Gateway.TokenRequests.ToArray());
        Assert.All(h.Sim.GetState().Sites, s => Assert.Equal(OnboardingState.Onboarded, s.Onboarding));
    }

    [Fact]
    public async Task Onboarding_retries_with_back_off_on_the_simulator_clock_until_the_gateway_answers_2xx()
    {
        // Scripted before the simulator starts: it onboards at once.
        await using var h = await FleetHarness.StartAsync(o =>
        {
            o.Sites.RemoveAt(1);
            o.OnboardSites = true;
        }, script: gateway => gateway.Answer("onboard", 503, 503));

        var first = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard && c.Attempt == 1, FleetHarness.Timeout);
        var pending = h.Sim.GetSite("SITE_1").Onboarding;
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard && c.Attempt == 2, FleetHarness.Timeout);
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var third = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard && c.Attempt == 3, FleetHarness.Timeout);

        Assert.Equal((503, FleetHarness.Start.AddSeconds(1)), (first.Status, first.RetryAt));
        Assert.Equal((503, FleetHarness.Start.AddSeconds(3)), (second.Status, second.RetryAt));
        Assert.Equal((200, FleetHarness.Start.AddSeconds(3), (DateTimeOffset?)null), (third.Status, third.SentAt, third.RetryAt));
        Assert.Equal(OnboardingState.Pending, pending);
        Assert.Equal(OnboardingState.Onboarded, h.Sim.GetSite("SITE_1").Onboarding);
        Assert.Equal(3, h.Gateway.Received("onboard").Count);
    }

    [Fact]
    public async Task A_site_body_the_gateway_refuses_is_recorded_with_its_answer_and_not_retried()
    {
        await using var h = await FleetHarness.StartAsync(o => o.Sites.RemoveAt(1));
        h.Gateway.Answer("onboard", 400);

        var calls = await h.Sim.OnboardAsync("SITE_1");
        h.Clock.Advance(TimeSpan.FromMinutes(10));

        var call = Assert.Single(calls);
        Assert.Equal(400, call.Status);
        Assert.Null(call.RetryAt);
        Assert.Contains("unknown time zone", call.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(OnboardingState.Rejected, h.Sim.GetSite("SITE_1").Onboarding);
        Assert.Single(h.Sim.GatewayCalls(GatewayCallKind.Onboard));
    }

    [Fact]
    public async Task A_refused_token_is_retried_like_a_transient_failure()
    {
        await using var h = await FleetHarness.StartAsync(o =>
        {
            o.Sites.RemoveAt(1);
            o.OperatorClientSecret = "not-the-operator-secret";
        });

        var onboarding = h.Sim.OnboardAsync("SITE_1");
        var first = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard, FleetHarness.Timeout);

        Assert.Null(first.Status);
        Assert.Contains("HTTP 401", first.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-operator-secret", first.Error, StringComparison.Ordinal);
        Assert.Equal(FleetHarness.Start.AddSeconds(1), first.RetryAt);
        Assert.Empty(h.Gateway.Received("onboard"));
        Assert.False(onboarding.IsCompleted);
    }

    [Fact]
    public async Task Onboarding_on_demand_through_the_control_API_answers_202_at_once()
    {
        await using var h = await FleetHarness.StartAsync();

        using var response = await h.Http.PostAsync("/sim/fleet/sites/SITE_2/onboard", null);
        var call = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Onboard, FleetHarness.Timeout);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("SITE_2", 200), (call.GroupId, call.Status));
        Assert.Equal("/api/v1/sites/SITE_2", Assert.Single(h.Gateway.Received("onboard")).Path);
    }
}
