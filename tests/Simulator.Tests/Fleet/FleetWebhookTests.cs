using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator.Tests.Fleet;

public sealed class FleetWebhookTests : IAsyncLifetime
{
    private FleetHarness _h = null!;

    public async Task InitializeAsync() => _h = await FleetHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_validly_signed_limit_is_applied_and_confirmed_with_a_csms_token()
    {
        using var response = await _h.PostWebhookAsync(LimitDocuments.Flat("SITE_1", 1, 90));
        var confirmation = await _h.Sim.WaitForAppliedAsync("SITE_1", 1, FleetHarness.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var webhook = Assert.Single(_h.Sim.Webhooks());
        Assert.Equal(("SITE_1", 1L, "forecast", false), (webhook.GroupId, webhook.Version, webhook.Reason, webhook.EmergencyStop));
        Assert.Equal((true, true, WebhookOutcome.Applied, true), (webhook.SignatureValid, webhook.TimestampFresh, webhook.Outcome, webhook.ConfirmScheduled));
        var applied = Assert.Single(_h.Gateway.Received("applied"));
        Assert.Equal(("POST", "/api/v1/sites/SITE_1/limits/1/applied", FakeFleetGateway.CsmsClientId, ""), (applied.Method, applied.Path, applied.ClientId, applied.Body));
        Assert.Equal((204, FleetHarness.Start), (confirmation.Status, confirmation.SentAt));
        Assert.Contains((FakeFleetGateway.CsmsClientId, "csms"), _h.Gateway.TokenRequests);
        var site = _h.Sim.GetSite("SITE_1");
        Assert.Equal((1L, "forecast", 90.0), (site.AppliedVersion, site.Reason, site.LimitKw));
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "{not json", "" },
        { Without(LimitDocuments.Flat("SITE_1", 1, 90), "version"), "version" },
        { LimitDocuments.Flat("SITE_1", 1, 90).Replace("\"2026-11-26T12:00:00Z\"", "\"2026-11-26T12:00:00\"", StringComparison.Ordinal), "RFC 3339" },
        { LimitDocuments.Flat("SITE_1", 1, 90).Replace("\"reason\":\"forecast\"", "\"reason\":\"whim\"", StringComparison.Ordinal), "" },
        { LimitDocuments.Build("SITE_1", 1, [(FleetHarness.Start, -1, 90)]), "schedule[0]" },
        { LimitDocuments.Build("SITE_1", 1, [(FleetHarness.Start, 1, 90)], [("CS-001", [(0, 1)])]).Replace("\"W\"", "\"kW\"", StringComparison.Ordinal), "chargingRateUnit" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_signed_body_that_cannot_be_read_gets_400_naming_the_problem(string body, string named)
    {
        using var response = await _h.PostWebhookAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString();
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Equal(WebhookOutcome.BadRequest, Assert.Single(_h.Sim.Webhooks()).Outcome);
        Assert.Null(_h.Sim.GetSite("SITE_1").AppliedVersion);
    }

    [Fact]
    public async Task A_limit_for_a_site_the_CSMS_does_not_manage_gets_404()
    {
        using var response = await _h.PostWebhookAsync(LimitDocuments.Flat("SITE_9", 1, 90));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(WebhookOutcome.UnknownSite, Assert.Single(_h.Sim.Webhooks()).Outcome);
    }

    [Fact]
    public async Task An_older_or_repeated_version_is_acknowledged_but_changes_nothing_and_is_not_confirmed()
    {
        var v5 = await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 5, 90));
        var v3 = await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 3, 30));
        var again = await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 5, 60));

        Assert.Equal((WebhookOutcome.Applied, true), (v5.Outcome, v5.ConfirmScheduled));
        Assert.Equal((WebhookOutcome.IgnoredStale, false), (v3.Outcome, v3.ConfirmScheduled));
        Assert.Equal((WebhookOutcome.IgnoredStale, false), (again.Outcome, again.ConfirmScheduled));
        var site = _h.Sim.GetSite("SITE_1");
        Assert.Equal((5L, 90.0), (site.AppliedVersion, site.LimitKw));
        // Another site's versions are its own.
        Assert.Equal(WebhookOutcome.Applied, (await _h.DeliverAsync(LimitDocuments.Flat("SITE_2", 1, 10))).Outcome);
    }

    [Fact]
    public async Task Scripted_503s_are_answered_first_and_the_limit_is_applied_only_once_they_are_spent()
    {
        _h.Sim.ScriptWebhookAnswers([503, 503]);
        var body = LimitDocuments.Flat("SITE_1", 1, 90);

        var first = await _h.DeliverAsync(body, expected: 503);
        var second = await _h.DeliverAsync(body, expected: 503);
        var notYet = _h.Sim.GetSite("SITE_1").AppliedVersion;
        var third = await _h.DeliverAsync(body);

        Assert.Equal((WebhookOutcome.Scripted, WebhookOutcome.Scripted, WebhookOutcome.Applied), (first.Outcome, second.Outcome, third.Outcome));
        Assert.True(first.SignatureValid);
        Assert.Null(notYet);
        Assert.Equal(1L, _h.Sim.GetSite("SITE_1").AppliedVersion);
        Assert.Empty(_h.Sim.GetState().ScriptedWebhookStatuses);
    }

    [Fact]
    public async Task While_down_every_webhook_gets_503_until_the_CSMS_comes_back()
    {
        _h.Sim.SetDown(true);
        var whileDown = await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90), expected: 503);
        var forgedWhileDown = await _h.PostWebhookAsync(LimitDocuments.Flat("SITE_1", 2, 90), secret: "wrong-secret-wrong-secret-wrong-secret");
        _h.Sim.SetDown(false);
        var back = await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90));

        Assert.Equal(WebhookOutcome.Down, whileDown.Outcome);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, forgedWhileDown.StatusCode);
        Assert.Equal(WebhookOutcome.Applied, back.Outcome);
        forgedWhileDown.Dispose();
    }

    private static string Without(string json, string property)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove(property);
        return node.ToJsonString();
    }
}
