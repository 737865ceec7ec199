namespace OscpFleet.Oscp.Client;

/// <summary>What the CP's answer (or its absence) means for the caller (docs/protocol.md, "How we read the CP's answers").</summary>
public enum OscpSendOutcome
{
    /// <summary>Any 2xx (OSCP answers 204): done.</summary>
    Delivered,

    /// <summary>A status in the peer's <c>NotConnectedStatuses</c>: the peer wants a handshake first; keep the message.</summary>
    NotConnected,

    /// <summary>401 even after one token refresh, or the token endpoint refused our credentials: flag the peer's credentials, retry with back-off.</summary>
    Unauthorized,

    /// <summary>408, 429, 5xx, a transport error or a timeout (after the client's own quick retries): retry with back-off.</summary>
    Retryable,

    /// <summary>Any other 4xx, or a message that failed validation and was never sent: do not retry.</summary>
    Rejected,
}
