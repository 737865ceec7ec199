using OscpFleet.Oscp.Connection;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Oscp.Tests.Connection;

public sealed class ConnectionRulesTests
{
    [Fact]
    public void Vector_peer_gets_our_heartbeats_at_our_interval_when_it_asked_none() =>
        Assert.Equal(TimeSpan.FromSeconds(30), ConnectionRules.OurHeartbeatInterval(PeerProfile.Vector, null, 30));

    [Fact]
    public void Plain_oscp_peer_gets_heartbeats_only_when_it_asked() =>
        Assert.Null(ConnectionRules.OurHeartbeatInterval(PeerProfile.Oscp, null, 30));

    [Theory]
    [InlineData(PeerProfile.Vector)]
    [InlineData(PeerProfile.Oscp)]
    public void The_interval_the_peer_asked_for_wins(PeerProfile profile) =>
        Assert.Equal(TimeSpan.FromSeconds(10), ConnectionRules.OurHeartbeatInterval(profile, 10, 30));

    [Fact]
    public void Offline_mode_at_is_at_least_twice_the_interval_ahead()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        var at = ConnectionRules.OfflineModeAt(now, TimeSpan.FromSeconds(30));

        Assert.True(at - now >= TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Handshake_retries_back_off_exponentially_up_to_the_cap()
    {
        var delays = Enumerable.Range(1, 12).Select(a => ConnectionRules.HandshakeRetryDelay(a, 0.999)).ToList();

        Assert.InRange(delays[0].TotalSeconds, 1.99, 2.0);
        Assert.InRange(delays[1].TotalSeconds, 3.99, 4.0);
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.InRange(delays[^1].TotalSeconds, ConnectionRules.HandshakeRetryCap.TotalSeconds - 0.5, ConnectionRules.HandshakeRetryCap.TotalSeconds);
    }

    [Fact]
    public void Jitter_spreads_a_retry_over_the_upper_half_of_its_window()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), ConnectionRules.HandshakeRetryDelay(3, 0));
        Assert.Equal(TimeSpan.FromSeconds(8), ConnectionRules.HandshakeRetryDelay(3, 1));
    }
}
