using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.GridSafety;

public sealed class ReHandshakeTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";

    [Fact]
    public async Task A_routine_re_handshake_by_the_cp_while_online_issues_no_new_version()
    {
        var before = cluster.LastWebhook();
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 70 });
        var first = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Site && w.Version is not null && LimitSchedules.Of(w)[0].Kw == 70, Timeout);

        var acknowledged = cluster.Simulator.Received(OscpMessageKind.HandshakeAcknowledge).Count;
        await cluster.Simulator.StartHandshakeAsync();
        await cluster.Simulator.WaitForAcceptedAsync(OscpMessageKind.HandshakeAcknowledge, acknowledged + 1, Timeout);
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        Assert.False((await cluster.PeerAsync()).GetProperty("limitsLost").GetBoolean());

        // The next forecast's version follows the first directly: the re-handshake issued none in between.
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 80 });
        var next = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > first.Sequence && w.GroupId == Site && w.Version is not null && LimitSchedules.Of(w)[0].Kw == 80, Timeout);
        Assert.Equal(first.Version + 1, next.Version);
        Assert.DoesNotContain(cluster.Csms.Webhooks(), w => w.GroupId == Site && w.Sequence > first.Sequence && w.Reason != "forecast");
    }
}
