using Microsoft.IdentityModel.Tokens;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Names why a bearer token failed validation, for the <c>reason</c> metric tag and the log. The exception's message
/// is never used: it is IdentityModel's text and may describe the token.
/// </summary>
internal static class BearerRejection
{
    public static string Reason(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not_yet_valid",
        SecurityTokenSignatureKeyNotFoundException => "unknown_key",
        SecurityTokenInvalidSignatureException => "invalid_signature",
        SecurityTokenInvalidIssuerException => "invalid_issuer",
        SecurityTokenInvalidAudienceException => "invalid_audience",
        SecurityTokenInvalidAlgorithmException => "invalid_algorithm",
        SecurityTokenInvalidTypeException => "invalid_type",
        SecurityTokenInvalidLifetimeException or SecurityTokenNoExpirationException => "invalid_lifetime",
        SecurityTokenMalformedException or ArgumentException => "malformed",
        _ => "invalid_token",
    };
}
