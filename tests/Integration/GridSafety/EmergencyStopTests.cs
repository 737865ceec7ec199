using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.GridSafety;

/// <summary>
/// A lost connection only ever lowers a limit, end to end: real HTTP, Azurite, the CP simulator playing the grid
/// operator and the fleet simulator playing the CSMS.
/// </summary>
public sealed class EmergencyStopTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";

    [Fact]
    public async Task An_emergency_stop_holds_through_a_lost_connection_and_a_re_handshake_until_a_new_forecast_lifts_it()
    {
        var start = cluster.Clock.GetUtcNow();
        var stopEnds = start.AddHours(2);
        // The grid operator's fallback (150 kW) is above its forecast after 16:00 (50 kW) and below it before (200 kW).
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, Type = CapacityForecastType.FallbackConsumption, CapacityKw = 150 });
        await cluster.Simulator.SendForecastAsync(new ForecastRequest
        {
            GroupId = Site,
            Blocks =
            [
                new ForecastedBlock(200, PhaseIndicator.All, ForecastedBlockUnit.Kw, stopEnds, start.AddHours(4)),
                new ForecastedBlock(50, PhaseIndicator.All, ForecastedBlockUnit.Kw, start.AddHours(4), start.AddHours(24)),
            ],
        });
        var beforeStop = cluster.LastWebhook();
        var sent = Assert.Single(await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, AllZero = true, BlockCount = 8 }));
        var stop = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > beforeStop && w.GroupId == Site && w.EmergencyStop == true, Timeout);
        Assert.Equal(204, sent.StatusCode);
        Assert.Equal(0, LimitSchedules.Of(stop).MaxKw(start, stopEnds));

        // The CP goes silent past its offline_mode_at: the connection counts as lost.
        var beforeLoss = cluster.LastWebhook();
        cluster.Simulator.SetSilent(true, answerStatus: 503);
        cluster.Clock.Advance(TimeSpan.FromSeconds((3 * VectorPeerCluster.WeAskHeartbeatSeconds) + 1));
        var lost = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > beforeLoss && w.GroupId == Site && w.Version is not null, Timeout);
        var lostSchedule = LimitSchedules.Of(lost);
        var now = cluster.Clock.GetUtcNow();
        Assert.Equal("emergency_stop", lost.Reason);
        Assert.Equal(0, lostSchedule.MaxKw(now, stopEnds));
        Assert.Equal((150, "fallback"), (lostSchedule.At(stopEnds).Kw, lostSchedule.At(stopEnds).Source));
        Assert.Equal((50, "forecast"), (lostSchedule.At(start.AddHours(5)).Kw, lostSchedule.At(start.AddHours(5)).Source));
        Assert.True((await cluster.PeerAsync()).GetProperty("limitsLost").GetBoolean());
        Assert.True((await cluster.SiteAsync(Site)).GetProperty("connectionLost").GetBoolean());
        using (var csms = await cluster.CsmsClientAsync())
        {
            var pulled = await csms.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{Site}/limits?at={Uri.EscapeDataString(start.AddHours(1).ToString("O"))}");
            Assert.Equal(0, LimitSchedules.Of(pulled.GetRawText()).At(start.AddHours(1)).Kw);
            Assert.True(pulled.GetProperty("emergencyStop").GetBoolean());
        }

        // The CP comes back and handshakes: Online again, and the stop still holds. (The CP starts it: a handshake of ours
        // that was still failing against the silent CP when the clock jumped would leave our next attempt a back-off
        // away on a clock that no longer moves.)
        var beforeReturn = cluster.LastWebhook();
        cluster.Simulator.SetSilent(false);
        cluster.Clock.Advance(TimeSpan.FromMinutes(5));
        await cluster.Simulator.StartHandshakeAsync();
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var back = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > beforeReturn && w.GroupId == Site && w.Version is not null, Timeout);
        now = cluster.Clock.GetUtcNow();
        Assert.Equal(0, LimitSchedules.Of(back).MaxKw(now, stopEnds));
        Assert.Equal(200, LimitSchedules.Of(back).At(stopEnds).Kw);
        Assert.False((await cluster.PeerAsync()).GetProperty("limitsLost").GetBoolean());

        // Only a new CONSUMPTION forecast lifts it.
        var beforeLift = cluster.LastWebhook();
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 120 });
        var lifted = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > beforeLift && w.GroupId == Site && w.Version is not null, Timeout);
        Assert.Equal("forecast", lifted.Reason);
        Assert.False(lifted.EmergencyStop);
        Assert.Equal(120, LimitSchedules.Of(lifted).At(cluster.Clock.GetUtcNow()).Kw);

        // Nothing the CSMS received between the stop and the lift allowed any charging while the stop covered the instant.
        Assert.All(
            cluster.Csms.Webhooks().Where(w => w.GroupId == Site && w.Sequence >= stop.Sequence && w.Sequence < lifted.Sequence && w.Version is not null),
            w => Assert.Equal(0, LimitSchedules.Of(w).MaxKw(w.ReceivedAt, stopEnds)));
    }
}
