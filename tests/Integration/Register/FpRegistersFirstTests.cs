using System.Net;
using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.Register;

/// <summary>We register first (<c>Register:Initiate</c>) with the CP's bootstrap token; the CP replies; we handshake.</summary>
public sealed class FpRegistersFirstTests(FpRegistersFirstCluster cluster) : IClassFixture<FpRegistersFirstCluster>
{
    private static readonly TimeSpan Timeout = RegisteringPeerCluster.Timeout;

    [Fact]
    public async Task We_register_at_start_up_and_handshake_once_the_cp_replied()
    {
        var registration = await cluster.Registration.GetStatusAsync();
        var peer = await cluster.Peer.GetStatusAsync();
        var cp = cluster.Simulator.GetRegistration();

        Assert.Equal(RegistrationState.Registered, registration.State);
        Assert.Equal("us", registration.InitiatedBy);
        Assert.Null(registration.LastError);
        Assert.Equal(ConnectionState.Online, peer.State);
        Assert.Equal(CpRegistrationState.Registered, cp.State);
        Assert.Equal($"{cluster.Gateway.BaseAddress.GetLeftPart(UriPartial.Authority)}/oscp/fp/2.0", cp.FpBaseUrl);
        // The handshake was ours (the simulator does not handshake on start here), with the CP's token from its reply.
        Assert.Contains(cluster.Simulator.Received(OscpMessageKind.Handshake), m => m.Accepted);
        Assert.DoesNotContain(cluster.Simulator.Received(), m => m.Status == 401);
        using var withToken = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), cp.TokenFromFp!);
        Assert.Equal(HttpStatusCode.NoContent, withToken.StatusCode);
    }

    [Fact]
    public async Task A_put_rotates_the_tokens_both_ways_the_old_one_is_refused_and_the_new_one_works()
    {
        var before = cluster.Simulator.GetRegistration();
        var sequence = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();

        var sent = await cluster.Simulator.RotateRegistrationAsync();
        Assert.True(sent.IsDelivered, sent.Error);
        // Our reply PUT carries our new token; the simulator takes it in once our 204 is back.
        await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Register && m.Accepted && m.Sequence > sequence, Timeout);
        var after = cluster.Simulator.GetRegistration();
        // The grain finished its turn (the reply's answer written): a call queues behind it.
        await cluster.Registration.TickAsync();

        Assert.NotEqual(before.TokenFromFp, after.TokenFromFp);
        Assert.NotEqual(before.TokenForFp, after.TokenForFp);
        using var oldToken = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), before.TokenFromFp!);
        using var newToken = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), after.TokenFromFp!);
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, newToken.StatusCode);
        Assert.NotNull((await cluster.Registration.GetStatusAsync()).TokensRotatedAt);

        // We call the CP with its new token: the simulator (which takes only that one now) accepts our handshake.
        var last = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        await cluster.Peer.StartHandshakeAsync();
        var handshake = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Handshake && m.Sequence > last, Timeout);
        Assert.True(handshake.Accepted, handshake.ToString());
        cluster.AssertNoneLogged(cluster.BootstrapForFp, before.TokenFromFp, before.TokenForFp, after.TokenFromFp, after.TokenForFp);
    }
}
