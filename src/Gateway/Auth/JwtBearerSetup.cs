using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OscpFleet.Grains;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Validates our own tokens offline: issuer, audience, ES256 signature by any configured key (rotation), and the
/// lifetime against the product clock so tests can expire a token with a fake clock. A token found valid is remembered
/// and only its lifetime is checked again on its next use (<see cref="CachingTokenHandler"/>).
/// </summary>
internal sealed class JwtBearerSetup(
    IOptions<OscpOptions> options,
    SigningKeyRing keys,
    AuthMetrics metrics,
    ILogger<JwtBearerSetup> logger,
    [FromKeyedServices(FleetClock.Key)] TimeProvider clock) : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>Tolerated clock difference between gateway replicas.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public void Configure(string? name, JwtBearerOptions jwt)
    {
        if (name == FleetSchemes.Bearer) Configure(jwt);
    }

    public void Configure(JwtBearerOptions jwt)
    {
        var settings = options.Value.Tokens;
        // Keep claim names as issued (client_id, scope) instead of mapping them to WS-Federation URIs.
        jwt.MapInboundClaims = false;
        // A client sends the same token for up to an hour: its signature is checked once (CachingTokenHandler).
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(new CachingTokenHandler { MapInboundClaims = false });
        jwt.TimeProvider = clock;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKeys = keys.ValidationKeys,
            // Every token we issue names its key; a token without a known kid is not ours.
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [TokenIssuer.TokenType],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            RequireAudience = true,
            ClockSkew = ClockSkew,
            // IdentityModel 8's own lifetime check reads the system clock; this one reads the product clock.
            LifetimeValidator = ValidateLifetime,
            NameClaimType = FleetClaims.ClientId,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context =>
            {
                var reason = BearerRejection.Reason(context.Exception);
                metrics.Rejected(reason);
                logger.BearerTokenRejected(reason);
                return Task.CompletedTask;
            },
        };
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (expires is not { } expiry)
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        if (notBefore is { } validFrom && validFrom > now + ClockSkew)
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = validFrom };
        if (expiry < now - ClockSkew)
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expiry };
        return true;
    }
}
