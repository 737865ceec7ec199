using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Connection;

namespace OscpFleet.Grains.Peers;

/// <summary>Builds the operator's view of a connection from its configuration and state.</summary>
internal static class PeerStatusView
{
    public static PeerStatus Of(string peerId, PeerOptions config, PeerState state, DateTimeOffset now) => new()
    {
        PeerId = peerId,
        Profile = config.Profile?.ToString().ToLowerInvariant() ?? "unknown",
        State = state.State,
        StateSince = state.StateSince,
        OfflineReason = state.OfflineReason,
        TheyAskedHeartbeatSeconds = state.TheyAskedHeartbeatSeconds,
        TheyAskedMeasurementConfiguration = state.TheyAskedMeasurementConfiguration,
        WeAskedHeartbeatSeconds = config.HeartbeatIntervalSeconds,
        OurHeartbeatSeconds = config.Profile is { } profile
            ? (int?)ConnectionRules.OurHeartbeatInterval(profile, state.TheyAskedHeartbeatSeconds, config.HeartbeatIntervalSeconds)?.TotalSeconds
            : null,
        TheirOfflineModeAt = state.TheirOfflineModeAt,
        LastHeartbeatReceivedAt = state.LastHeartbeatReceivedAt,
        LastHeartbeatSentAt = state.LastHeartbeatSentAt,
        NextHandshakeAt = state.State == Peers.ConnectionState.Offline ? state.NextHandshakeAt : null,
        LastError = state.LastError,
        CredentialsRejected = state.CredentialsRejected,
        Counters = state.Counters,
        // As of now, not as of the last tick: the CP's offline_mode_at may have passed a moment ago.
        LimitsLost = ConnectionRules.LimitsLost(
            state.LimitsLost, state.State == Peers.ConnectionState.Online, state.State == Peers.ConnectionState.Handshaking, state.TheirOfflineModeAt, now),
    };
}
