using Microsoft.Extensions.Logging;

namespace OscpFleet.Oscp.Client;

/// <summary>The client's log lines. No secret, token or Authorization header is ever a parameter here.</summary>
internal static partial class OscpClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "OSCP {Message} delivered to peer {PeerId} (HTTP {StatusCode}, request {RequestId})")]
    public static partial void Delivered(ILogger logger, string message, string peerId, int? statusCode, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "OSCP {Message} to peer {PeerId} not delivered: {Outcome} (HTTP {StatusCode}, request {RequestId}): {Error}")]
    public static partial void NotDelivered(ILogger logger, string message, string peerId, string outcome, int? statusCode, string requestId, string? error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Peer {PeerId} answered 401 to {Message} (request {RequestId}); fetching a new OAuth token and retrying once")]
    public static partial void RefreshingToken(ILogger logger, string peerId, string message, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Fetched an OAuth token from {TokenHost} for client {ClientId}; reused for {Lifetime}")]
    public static partial void TokenFetched(ILogger logger, string tokenHost, string clientId, TimeSpan lifetime);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "OAuth token request to {TokenHost} for client {ClientId} failed: {Outcome}: {Error}")]
    public static partial void TokenFetchFailed(ILogger logger, string tokenHost, string clientId, string outcome, string error);
}
