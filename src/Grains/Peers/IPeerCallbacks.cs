using OscpFleet.Oscp.Client;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// What the peer's own outbound calls report back to it (see <see cref="Outbound.OutboundSlot"/>). Implemented by
/// <see cref="PeerGrain"/> and called only by it: not part of the contract the gateway and tools see.
/// </summary>
[Alias("OscpFleet.IPeerCallbacks")]
public interface IPeerCallbacks : IGrainWithStringKey
{
    /// <summary>The CP's answer to our call <paramref name="call"/> (a handshake, an acknowledge or a heartbeat).</summary>
    [Alias("CallFinished")]
    Task CallFinishedAsync(long call, OscpSendResult result);
}
