namespace OscpFleet.Testing;

/// <summary>The plain OSCP peer of <see cref="OscpPeerCluster"/>, but its CP asks us for heartbeats.</summary>
public class OscpPeerAskingHeartbeatsCluster : OscpPeerCluster
{
    /// <summary>The interval the CP asks of us: deliberately not <see cref="OscpPeerCluster.WeAskHeartbeatSeconds"/>.</summary>
    public const int CpAsksSeconds = 20;

    /// <inheritdoc />
    public override int CpAsksHeartbeatSeconds => CpAsksSeconds;
}
