using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Connection;

namespace OscpFleet.Grains.Peers;

/// <summary>Builds the operator's view of a connection from its configuration and state.</summary>
internal static class PeerStatusView
{
    public static PeerStatus Of(string peerId, PeerOptions config, PeerState state, bool acknowledgeInFlight) => new()
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
        // As the peer decided it (on its tick): what the sites were told, and sticky until a handshake completes.
        LimitsLost = state.LimitsLost,
        AcknowledgeInFlight = acknowledgeInFlight,
        ExpectHeartbeats = config.ExpectHeartbeats,
        OurOfflineModeAt = state.OurOfflineModeAt,
    };
}
