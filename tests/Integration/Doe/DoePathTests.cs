using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Integration.Connection;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Integration.Doe;

public sealed class DoePathTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";

    [Fact]
    public async Task Forecast_is_answered_204_then_pushed_signed_to_the_csms_which_applies_it()
    {
        var before = cluster.Csms.Webhooks().Select(w => w.Sequence).DefaultIfEmpty(0).Max();

        var sent = Assert.Single(await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 120 }));
        var webhook = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Site && w.Reason == "forecast", Timeout);
        await cluster.Csms.WaitForAppliedAsync(Site, webhook.Version!.Value, Timeout);

        Assert.Equal(204, sent.StatusCode);
        Assert.True(webhook.SignatureValid && webhook.TimestampFresh, webhook.ToString());
        Assert.Equal(WebhookOutcome.Applied, webhook.Outcome);
        using var body = JsonDocument.Parse(webhook.Body);
        var first = body.RootElement.GetProperty("schedule")[0];
        Assert.Equal(120, first.GetProperty("kw").GetDouble());
        Assert.Equal("forecast", first.GetProperty("source").GetString());
        Assert.Equal(cluster.Clock.GetUtcNow(), first.GetProperty("from").GetDateTimeOffset());
        var stations = body.RootElement.GetProperty("ocpp").EnumerateArray()
            .ToDictionary(s => s.GetProperty("chargingStationId").GetString()!, s => s.GetProperty("setChargingProfileRequest").GetProperty("chargingProfile"));
        Assert.Equal(90_000, stations[$"{Site}-CS1"].GetProperty("chargingSchedule")[0].GetProperty("chargingSchedulePeriod")[0].GetProperty("limit").GetDouble());
        Assert.Equal(30_000, stations[$"{Site}-CS2"].GetProperty("chargingSchedule")[0].GetProperty("chargingSchedulePeriod")[0].GetProperty("limit").GetDouble());
        Assert.Equal("ChargingStationMaxProfile", stations[$"{Site}-CS1"].GetProperty("chargingProfilePurpose").GetString());

        var site = await cluster.SiteAsync(Site);
        Assert.Equal(webhook.Version, site.GetProperty("appliedVersion").GetInt64());
        Assert.Equal(sent.RequestId, site.GetProperty("latestForecastRequestId").GetString());
        Assert.Equal(120, site.GetProperty("limitKw").GetDouble());

        using var csms = await cluster.CsmsClientAsync();
        var pulled = await csms.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{Site}/limits");
        Assert.Equal(webhook.Version, pulled.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task All_zero_profile_issues_an_emergency_stop_and_the_chargers_stop()
    {
        // The site's onboarding version may still be on its way: wait for one newer than the version before the forecast.
        var before = (await cluster.SiteAsync("BUS_AUK_2")).GetProperty("version").GetInt64();

        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = "BUS_AUK_2", AllZero = true });
        var webhook = await cluster.Csms.WaitForWebhookAsync(w => w.GroupId == "BUS_AUK_2" && w.Version > before, Timeout);

        Assert.Equal("emergency_stop", webhook.Reason);
        Assert.True(webhook.EmergencyStop);
        Assert.All(cluster.Csms.GetSite("BUS_AUK_2").Chargers, c => Assert.Equal(0, c.PowerKw));
        Assert.Equal("emergency_stop", (await cluster.SiteAsync("BUS_AUK_2")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_repeated_request_id_is_answered_204_and_changes_nothing()
    {
        var token = await cluster.CpTokenAsync();
        var body = Forecasts.Body(Site, cluster.Clock.GetUtcNow(), 77, 78);

        using var first = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast", body, token, requestId: "dup-1");
        var version = (await cluster.SiteAsync(Site)).GetProperty("version").GetInt64();
        using var again = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast", Forecasts.Body(Site, cluster.Clock.GetUtcNow(), 5), token, requestId: "dup-1");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var site = await cluster.SiteAsync(Site);
        Assert.Equal(version, site.GetProperty("version").GetInt64());
        Assert.Equal(77, site.GetProperty("limitKw").GetDouble());
    }

    [Fact]
    public async Task Unknown_site_is_404_another_peers_site_403_and_a_bad_body_400_naming_the_field()
    {
        using var ops = await cluster.OperatorAsync();
        using var put = await ops.PutAsJsonAsync("/api/v1/sites/OTHER_1", new
        {
            peerId = DoeCluster.OtherPeer, assetId = "OTHER_1", timeZone = "Pacific/Auckland",
            baseDoe = new[] { new { from = "00:00", kw = 50 } }, maxImportKw = 100, csms = "main",
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var token = await cluster.CpTokenAsync();
        var now = cluster.Clock.GetUtcNow();

        using var unknown = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast", Forecasts.Body("NOPE_1", now, 10), token, "u-1");
        using var foreign = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast", Forecasts.Body("OTHER_1", now, 10), token, "f-1");
        using var invalid = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast", Forecasts.Body(Site, now, -1), token, "i-1");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("forecasted_blocks[0].capacity", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gap_in_the_forecast_takes_the_base_doe_by_the_sites_local_time()
    {
        using var ops = await cluster.OperatorAsync();
        using var put = await ops.PutAsJsonAsync("/api/v1/sites/GAP_1", new
        {
            peerId = VectorPeerCluster.PeerId, assetId = "GAP_1", timeZone = "Pacific/Auckland",
            baseDoe = new[] { new { from = "00:00", kw = 150 }, new { from = "07:00", kw = 80 }, new { from = "21:00", kw = 150 } },
            maxImportKw = 400, csms = "main",
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var now = cluster.Clock.GetUtcNow(); // 12:00Z = 01:00 NZDT (UTC+13)

        using var forecast = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast", Forecasts.Body("GAP_1", now, 50, 60), await cluster.CpTokenAsync(), "gap-1");
        var limits = await ops.GetFromJsonAsync<JsonElement>("/api/v1/sites/GAP_1/limits");

        Assert.Equal(HttpStatusCode.NoContent, forecast.StatusCode);
        var schedule = limits.GetProperty("schedule").EnumerateArray()
            .Select(e => (From: e.GetProperty("from").GetDateTimeOffset(), Kw: e.GetProperty("kw").GetDouble(), Source: e.GetProperty("source").GetString())).ToList();
        Assert.Equal((now, 50.0, "forecast"), schedule[0]);
        Assert.Equal((now.AddMinutes(15), 60.0, "forecast"), schedule[1]);
        Assert.Equal((now.AddMinutes(30), 150.0, "base_doe"), schedule[2]);
        Assert.Equal((now.AddHours(6), 80.0, "base_doe"), schedule[3]);   // 07:00 NZDT = 18:00Z
        Assert.Equal((now.AddHours(20), 150.0, "base_doe"), schedule[4]);  // 21:00 NZDT = 08:00Z next day
        Assert.Equal(now.AddHours(24), limits.GetProperty("schedule")[schedule.Count - 1].GetProperty("to").GetDateTimeOffset());
    }
}
