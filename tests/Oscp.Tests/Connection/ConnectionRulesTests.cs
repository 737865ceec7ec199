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
}
