using System.Diagnostics.CodeAnalysis;

namespace OscpFleet.Oscp.Client;

/// <summary>An access token, or why none could be had (the outcome a send then ends with).</summary>
/// <param name="AccessToken">The token; null on failure.</param>
/// <param name="FailureOutcome">On failure, <see cref="OscpSendOutcome.Retryable"/> or <see cref="OscpSendOutcome.Unauthorized"/>.</param>
/// <param name="Error">On failure, why; never holds the client secret.</param>
public sealed record TokenFetch(string? AccessToken, OscpSendOutcome FailureOutcome, string? Error)
{
    /// <summary>True when there is a token.</summary>
    [MemberNotNullWhen(true, nameof(AccessToken))]
    public bool IsSuccess => AccessToken is not null;

    /// <summary>A token.</summary>
    public static TokenFetch Success(string accessToken) => new(accessToken, OscpSendOutcome.Delivered, null);

    /// <summary>No token, with the outcome and the reason.</summary>
    public static TokenFetch Failure(OscpSendOutcome outcome, string error) => new(null, outcome, error);
}
