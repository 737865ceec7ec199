namespace OscpFleet.Oscp.Client;

/// <summary>The result of one <see cref="OscpClient.SendAsync{T}"/> call. Never carries a secret.</summary>
/// <param name="Outcome">What the answer means for the caller.</param>
/// <param name="StatusCode">The CP's final HTTP status; null when no answer came (nothing sent, transport error, timeout).</param>
/// <param name="RequestId">
/// The <c>X-Request-ID</c> of the final HTTP attempt (use it as the <c>X-Correlation-ID</c> of a reply);
/// empty when nothing reached the wire (invalid message, token fetch failed).
/// </param>
/// <param name="ResponseBody">The CP's body on a non-2xx answer, truncated to <see cref="MaxResponseBodyLength"/> characters.</param>
/// <param name="Error">Why it was not delivered, for logs and the operator API; null when delivered.</param>
public sealed record OscpSendResult(OscpSendOutcome Outcome, int? StatusCode, string RequestId, string? ResponseBody, string? Error)
{
    /// <summary>Longest <see cref="ResponseBody"/> kept, in characters (a CP's error page can be large).</summary>
    public const int MaxResponseBodyLength = 4096;

    /// <summary>True when the CP accepted the message.</summary>
    public bool IsDelivered => Outcome == OscpSendOutcome.Delivered;
}
