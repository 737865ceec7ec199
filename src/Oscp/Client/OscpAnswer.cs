namespace OscpFleet.Oscp.Client;

/// <summary>What came back from one POST (all its quick retries included): a status, or why there was none.</summary>
/// <param name="StatusCode">The final HTTP status; null after a transport error or timeout.</param>
/// <param name="RequestId">The <c>X-Request-ID</c> of the final attempt.</param>
/// <param name="Body">The body of a non-2xx answer, truncated.</param>
/// <param name="Failure">Why no status came, when it did not.</param>
internal sealed record OscpAnswer(int? StatusCode, string RequestId, string? Body, string? Failure);
