using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OscpFleet.Simulator.Tests.Fleet;

public sealed class FleetControlApiTests : IAsyncLifetime
{
    private FleetHarness _h = null!;

    public async Task InitializeAsync() => _h = await FleetHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_state_shows_each_sites_applied_version_reason_limit_in_force_and_charger_powers()
    {
        await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 7, 60, reason: "fallback"));
        _h.Clock.Advance(TimeSpan.FromMinutes(30));

        var state = await _h.Http.GetFromJsonAsync<JsonElement>("/sim/fleet/state");

        var site = state.GetProperty("sites")[0];
        Assert.Equal("SITE_1", site.GetProperty("groupId").GetString());
        Assert.Equal("not_started", site.GetProperty("onboarding").GetString());
        Assert.Equal(7, site.GetProperty("appliedVersion").GetInt64());
        Assert.Equal("fallback", site.GetProperty("reason").GetString());
        Assert.Equal(60, site.GetProperty("limitKw").GetDouble());
        Assert.Equal(60, site.GetProperty("drawingKw").GetDouble());
        var charger = site.GetProperty("chargers")[1];
        Assert.Equal(("CS-002", 40.0, 40.0), (charger.GetProperty("id").GetString(), charger.GetProperty("powerKw").GetDouble(), charger.GetProperty("limitKw").GetDouble()));
        Assert.Equal(20_000, charger.GetProperty("energyWh").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("sites")[1].GetProperty("appliedVersion").ValueKind);
        Assert.Equal(new Uri(_h.Sim.BaseAddress, "/csms/limits").ToString(), state.GetProperty("webhookUrl").GetString());
    }

    [Fact]
    public async Task Scripts_set_over_HTTP_shape_the_next_webhook_answers()
    {
        using var script = await _h.Http.PutAsJsonAsync("/sim/fleet/webhook-script", new { statuses = new[] { 500 }, then = (int?)null });
        var scripted = await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90), expected: 500);
        using var down = await _h.Http.PutAsJsonAsync("/sim/fleet/down", new { down = true });
        await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90), expected: 503);
        using var up = await _h.Http.PutAsJsonAsync("/sim/fleet/down", new { down = false });
        using var demand = await _h.Http.PutAsJsonAsync("/sim/fleet/sites/SITE_1/chargers/CS-001/demand", new { kw = 7.4 });
        await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 90));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (script.StatusCode, down.StatusCode, demand.StatusCode));
        Assert.Equal(500, scripted.Status);
        Assert.Equal(7.4, _h.Sim.GetSite("SITE_1").Charger("CS-001").PowerKw);
        var webhooks = await _h.Http.GetFromJsonAsync<JsonElement>("/sim/fleet/webhooks");
        Assert.Equal(["scripted", "down", "applied"], webhooks.EnumerateArray().Select(w => w.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Bad_control_requests_get_400_with_a_message()
    {
        using var unknownSite = await _h.Http.PutAsJsonAsync("/sim/fleet/sites/NOPE/chargers/CS-001/demand", new { kw = 1 });
        using var badKind = await _h.Http.GetAsync("/sim/fleet/calls?kind=teleport");
        using var badStatus = await _h.Http.PutAsJsonAsync("/sim/fleet/webhook-script", new { statuses = new[] { 99 } });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (unknownSite.StatusCode, badKind.StatusCode, badStatus.StatusCode));
        Assert.Contains("NOPE", (await unknownSite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
