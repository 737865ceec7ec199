namespace OscpFleet.Gateway.Auth;

/// <summary>Log events of inbound authentication. None of them carries a secret, a token or an Authorization header.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Issued an access token to {ClientId} ({ClientKind}) with scope '{Scope}', expiring {ExpiresAt}")]
    public static partial void TokenIssued(this ILogger logger, string clientId, string clientKind, string scope, DateTimeOffset expiresAt);

    // The client id is logged only when it is configured: an unknown one is caller-chosen text (maybe a pasted secret).
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Refused a token request: {Error} ({Description}); client {ClientId}")]
    public static partial void TokenRequestRefused(this ILogger logger, string error, string description, string? clientId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Rejected a bearer token: {Reason}")]
    public static partial void BearerTokenRejected(this ILogger logger, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Rejected an OSCP Token credential: it matches no configured oscp peer")]
    public static partial void OscpTokenUnknown(this ILogger logger);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Rejected an OSCP Token credential that matches several peers ({PeerIds}): give each peer its own token")]
    public static partial void OscpTokenAmbiguous(this ILogger logger, string peerIds);

    // Debug, not Warning: the rejected-token metric counts throttling; a line per refused request would let a caller flood the log.
    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Throttled token requests for {ClientId} from {RemoteAddress}")]
    public static partial void TokenRequestsThrottled(this ILogger logger, string clientId, string remoteAddress);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "Refused {ClientId} on site {GroupId}: {Reason}")]
    public static partial void CsmsSiteRefused(this ILogger logger, string? clientId, string groupId, string reason);
}
