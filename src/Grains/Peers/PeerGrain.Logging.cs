using Microsoft.Extensions.Logging;

namespace OscpFleet.Grains.Peers;

/// <summary>Source-generated log messages of the peer grain (never a secret or token).</summary>
public sealed partial class PeerGrain
{
    [LoggerMessage(1001, LogLevel.Information, "Peer {PeerId}: handshake received (request {RequestId}, heartbeat interval asked {Interval}s)")]
    private partial void LogHandshakeReceived(string peerId, string requestId, int? interval);

    [LoggerMessage(1002, LogLevel.Information, "Peer {PeerId}: handshake sent (request {RequestId}), waiting for the acknowledge")]
    private partial void LogHandshakeSent(string peerId, string requestId);

    [LoggerMessage(1003, LogLevel.Warning, "Peer {PeerId}: handshake failed ({Reason}); next attempt at {NextAttempt:O}")]
    private partial void LogHandshakeFailed(string peerId, string reason, DateTimeOffset? nextAttempt);

    [LoggerMessage(1004, LogLevel.Information, "Peer {PeerId}: Online ({How})")]
    private partial void LogOnline(string peerId, string how);

    [LoggerMessage(1005, LogLevel.Warning, "Peer {PeerId}: Offline ({Reason})")]
    private partial void LogOffline(string peerId, string reason);

    [LoggerMessage(1006, LogLevel.Error, "Peer {PeerId}: the CP rejected our credentials even after a token refresh")]
    private partial void LogCredentialsRejected(string peerId);

    [LoggerMessage(1007, LogLevel.Warning, "Peer {PeerId}: connection counts as lost for limits while {State} (the CP's offline_mode_at {OfflineModeAt:O} passed); every site is held at or below its fallback")]
    private partial void LogLimitsLost(string peerId, ConnectionState state, DateTimeOffset? offlineModeAt);

    [LoggerMessage(1008, LogLevel.Warning, "Peer {PeerId}: the answer to our {Call} could not be reported back to the grain ({Error}); the next tick decides again")]
    private partial void LogReportBackFailed(string peerId, string call, string error);
}
