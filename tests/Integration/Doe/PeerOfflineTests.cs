using System.Net;
using System.Text.Json;
using OscpFleet.Integration.Connection;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.Doe;

public sealed class PeerOfflineTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;

    [Fact]
    public async Task When_the_peer_goes_offline_every_site_gets_its_fallback_and_forecasts_are_refused_409()
    {
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = "BUS_AUK_1", CapacityKw = 120 });
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = "BUS_AUK_1", Type = CapacityForecastType.FallbackConsumption, CapacityKw = 60 });
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = "BUS_AUK_2", CapacityKw = 130 });
        var before = cluster.Csms.Webhooks().Select(w => w.Sequence).DefaultIfEmpty(0).Max();
        var token = await cluster.CpTokenAsync();

        cluster.Simulator.SetSilent(true, answerStatus: 503);
        cluster.Clock.Advance(TimeSpan.FromSeconds((3 * VectorPeerCluster.WeAskHeartbeatSeconds) + 1));
        var first = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == "BUS_AUK_1" && w.Reason == "fallback", Timeout);
        var second = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == "BUS_AUK_2" && w.Reason == "base_doe", Timeout);
        using var refused = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast",
            Forecasts.Body("BUS_AUK_1", cluster.Clock.GetUtcNow(), 10), token, "while-offline");

        using (var body = JsonDocument.Parse(first.Body)) Assert.Equal(60, body.RootElement.GetProperty("schedule")[0].GetProperty("kw").GetDouble());
        using (var body = JsonDocument.Parse(second.Body)) Assert.Equal(DoeCluster.BaseDoeKw, body.RootElement.GetProperty("schedule")[0].GetProperty("kw").GetDouble());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("fallback", (await cluster.SiteAsync("BUS_AUK_1")).GetProperty("state").GetString());
    }
}
