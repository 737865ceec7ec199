using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator.Tests.Fleet;

public sealed class FleetConfirmationTests
{
    [Fact]
    public async Task A_slow_CSMS_confirms_only_after_the_configured_delay_on_the_simulator_clock()
    {
        await using var h = await FleetHarness.StartAsync(o => o.ConfirmDelaySeconds = 30);

        var webhook = await h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90));
        h.Clock.Advance(TimeSpan.FromSeconds(29));
        var early = h.Sim.GatewayCalls(GatewayCallKind.Applied).Count;
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var confirmation = await h.Sim.WaitForAppliedAsync("SITE_1", 1, FleetHarness.Timeout);

        Assert.True(webhook.ConfirmScheduled);
        Assert.Equal(0, early);
        Assert.Equal(FleetHarness.Start.AddSeconds(30), confirmation.SentAt);
    }

    [Fact]
    public async Task A_confirmation_the_gateway_answers_with_5xx_is_retried_with_back_off()
    {
        await using var h = await FleetHarness.StartAsync();
        h.Gateway.Answer("applied", 503);

        await h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90));
        var failed = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Applied && c.Attempt == 1, FleetHarness.Timeout);
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var confirmation = await h.Sim.WaitForAppliedAsync("SITE_1", 1, FleetHarness.Timeout);

        Assert.Equal((503, FleetHarness.Start.AddSeconds(1)), (failed.Status, failed.RetryAt));
        Assert.Equal((2, FleetHarness.Start.AddSeconds(1)), (confirmation.Attempt, confirmation.SentAt));
        Assert.Equal([503, 204], h.Gateway.Received("applied").Select(c => c.Status));
    }

    [Fact]
    public async Task A_confirmation_the_gateway_refuses_with_404_is_not_retried()
    {
        await using var h = await FleetHarness.StartAsync();
        h.Gateway.Answer("applied", 404);

        await h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90));
        var refused = await h.Sim.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Applied, FleetHarness.Timeout);

        Assert.Equal((404, (DateTimeOffset?)null), (refused.Status, refused.RetryAt));
    }

    [Fact]
    public async Task With_confirming_stopped_limits_are_still_applied_but_never_confirmed_until_it_resumes()
    {
        await using var h = await FleetHarness.StartAsync();
        h.Sim.SetConfirming(false);

        var unconfirmed = await h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90));
        h.Sim.SetConfirming(true);
        var confirmed = await h.DeliverAsync(LimitDocuments.Flat("SITE_1", 2, 80));
        var confirmation = await h.Sim.WaitForAppliedAsync("SITE_1", 2, FleetHarness.Timeout);

        Assert.Equal((WebhookOutcome.Applied, false), (unconfirmed.Outcome, unconfirmed.ConfirmScheduled));
        Assert.True(confirmed.ConfirmScheduled);
        Assert.Equal("/api/v1/sites/SITE_1/limits/2/applied", Assert.Single(h.Gateway.Received("applied")).Path);
        Assert.Equal(2, confirmation.Version);
    }
}
