using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Register;

/// <summary>Our first Register meets a CP that answers 503 (retried with back-off) and then 501 (final, no retries).</summary>
public sealed class FpRegisterRefusedTests(FpRegisterRefusedCluster cluster) : IClassFixture<FpRegisterRefusedCluster>
{
    private static readonly TimeSpan Timeout = RegisteringPeerCluster.Timeout;

    [Fact]
    public async Task A_5xx_is_retried_after_the_back_off_and_a_501_fails_the_registration_for_good()
    {
        // The silo registers at start-up; the CP answers 503.
        await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Register && m.Status == 503, Timeout);
        await cluster.Registration.TickAsync();
        var refused = await cluster.Registration.GetStatusAsync();
        var attempts = Registers();
        // Nothing more before the back-off (at least 1 s by the product clock) has passed.
        await cluster.Registration.TickAsync();

        Assert.Equal(RegistrationState.Pending, refused.State);
        Assert.Contains("503", refused.LastError, StringComparison.Ordinal);
        Assert.Equal(attempts, Registers());

        cluster.Simulator.SetSilent(true, 501);
        cluster.Clock.Advance(Oscp.Retry.Backoff.Handshake.Step(1));
        await cluster.Registration.TickAsync();
        var failed = await cluster.Registration.GetStatusAsync();
        var final = Registers();
        cluster.Clock.Advance(TimeSpan.FromMinutes(30));
        await cluster.Registration.TickAsync();
        await cluster.Peer.TickAsync();

        Assert.True(final > attempts);
        Assert.Contains(cluster.Simulator.Received(OscpMessageKind.Register), m => m.Status == 501);
        Assert.Equal(RegistrationState.Failed, failed.State);
        Assert.Contains("no common version", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(final, Registers());
        // Never registered: no handshake ever left.
        Assert.Empty(cluster.Simulator.Received(OscpMessageKind.Handshake));
        Assert.Equal(ConnectionState.Offline, (await cluster.Peer.GetStatusAsync()).State);
        cluster.AssertNoneLogged(cluster.BootstrapForFp, cluster.EncryptionKey);
    }

    private int Registers() => cluster.Simulator.Received(OscpMessageKind.Register).Count;
}
