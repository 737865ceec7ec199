using System.Diagnostics.CodeAnalysis;

namespace OscpFleet.Oscp.Client;

/// <summary>An access token, or why none could be had (the outcome the send then ends with).</summary>
internal sealed record TokenFetch(string? AccessToken, OscpSendOutcome FailureOutcome, string? Error)
{
    [MemberNotNullWhen(true, nameof(AccessToken))]
    public bool IsSuccess => AccessToken is not null;

    public static TokenFetch Success(string accessToken) => new(accessToken, OscpSendOutcome.Delivered, null);

    public static TokenFetch Failure(OscpSendOutcome outcome, string error) => new(null, outcome, error);
}
