using System.Net;
using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Register;

/// <summary>The CP unregisters (DELETE): both tokens stop working at once and the connection goes Offline.</summary>
public sealed class UnregisterTests(UnregisteringCluster cluster) : IClassFixture<UnregisteringCluster>
{
    private static readonly TimeSpan Timeout = RegisteringPeerCluster.Timeout;

    [Fact]
    public async Task After_delete_the_cps_token_is_refused_at_once_the_peer_is_offline_and_we_stop_calling()
    {
        var tokens = cluster.Simulator.GetRegistration();
        Assert.Equal(ConnectionState.Online, (await cluster.Peer.GetStatusAsync()).State);

        var deleted = await cluster.Simulator.UnregisterAsync();
        using var oldToken = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), tokens.TokenFromFp!);
        using var deleteAgain = await cluster.CallAsync(HttpMethod.Delete, "register", null, tokens.TokenFromFp!);
        var last = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();

        Assert.True(deleted.IsDelivered, deleted.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deleteAgain.StatusCode);
        var peer = await cluster.Peer.GetStatusAsync();
        Assert.Equal(ConnectionState.Offline, peer.State);
        Assert.Equal(RegistrationState.Unregistered, (await cluster.Registration.GetStatusAsync()).State);
        Assert.Null(await cluster.Registration.GetEndpointAsync());

        // Offline with a handshake due: were we still calling the CP, the operator's handshake would reach it.
        var status = await cluster.Peer.StartHandshakeAsync();
        cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        await cluster.Peer.TickAsync();
        Assert.Equal(ConnectionState.Offline, status.State);
        Assert.DoesNotContain(cluster.Simulator.Received(), m => m.Sequence > last);

        // Only a bootstrap token starts again. Our reply meets a CP answering 503: the grain's timer sends it again
        // after the back-off (as it would should the gateway have died before sending it).
        cluster.Simulator.SetSilent(true, 503);
        var again = await cluster.Simulator.RegisterAsync();
        Assert.True(again.IsDelivered, again.Error);
        await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Register && m.Status == 503, Timeout);
        await cluster.Registration.TickAsync();
        Assert.Equal(RegistrationState.Pending, (await cluster.Registration.GetStatusAsync()).State);

        cluster.Simulator.SetSilent(false);
        cluster.Clock.Advance(Oscp.Retry.Backoff.Handshake.Step(1));
        await cluster.Registration.TickAsync();
        await cluster.Simulator.WaitForRegisteredAsync(Timeout);
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        Assert.Equal(RegistrationState.Registered, (await cluster.Registration.GetStatusAsync()).State);
        Assert.NotEqual(tokens.TokenFromFp, cluster.Simulator.GetRegistration().TokenFromFp);
    }
}
