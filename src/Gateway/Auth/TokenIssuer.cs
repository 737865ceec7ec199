using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OscpFleet.Grains;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Auth;

/// <summary>Makes ES256-signed JWT access tokens (RFC 9068 shape) on the product clock.</summary>
internal sealed class TokenIssuer(
    SigningKeyRing keys,
    IOptions<OscpOptions> options,
    [FromKeyedServices(FleetClock.Key)] TimeProvider clock)
{
    /// <summary>RFC 9068's media type for JWT access tokens; validation demands it, so an id token or another JWT never passes as ours.</summary>
    public const string TokenType = "at+jwt";

    // Times come from the product clock, never from the handler's own DateTime.UtcNow.
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public IssuedToken Issue(TokenClient client, IReadOnlyList<string> scopes)
    {
        var settings = options.Value.Tokens;
        // JWT times are whole seconds; truncating keeps iat/nbf from lying in the future of the issuing instant.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = issuedAt.AddSeconds(settings.LifetimeSeconds);
        var scope = string.Join(' ', scopes);
        var descriptor = new SecurityTokenDescriptor
        {
            TokenType = TokenType,
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = keys.Current,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = client.ClientId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [FleetClaims.ClientId] = client.ClientId,
                [FleetClaims.Scope] = scope,
            },
        };
        return new IssuedToken(Handler.CreateToken(descriptor), settings.LifetimeSeconds, scope, expiresAt);
    }
}
