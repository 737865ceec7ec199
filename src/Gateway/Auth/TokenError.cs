namespace OscpFleet.Gateway.Auth;

/// <summary>
/// An RFC 6749 §5.2 error answer of the token endpoint. <see cref="Description"/> goes to the caller and must never
/// hold a credential.
/// </summary>
internal sealed record TokenError(int Status, string Error, string Description, bool BasicChallenge)
{
    public static TokenError InvalidRequest(string description) =>
        new(StatusCodes.Status400BadRequest, "invalid_request", description, BasicChallenge: false);

    public static TokenError UnsupportedGrantType() =>
        new(StatusCodes.Status400BadRequest, "unsupported_grant_type", "only grant_type=client_credentials is supported", BasicChallenge: false);

    public static TokenError InvalidScope() =>
        new(StatusCodes.Status400BadRequest, "invalid_scope", "the requested scope is not granted to this client", BasicChallenge: false);

    /// <summary>
    /// One answer for an unknown client, a wrong secret and missing credentials, so a caller cannot probe which
    /// client ids exist. RFC 6749 §5.2 asks for a challenge when the client tried HTTP Basic.
    /// </summary>
    public static TokenError InvalidClient(bool usedBasic) =>
        new(StatusCodes.Status401Unauthorized, "invalid_client", "client authentication failed", usedBasic);
}
