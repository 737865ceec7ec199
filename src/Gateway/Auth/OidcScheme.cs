using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OscpFleet.Grains;
using OscpFleet.Hosting;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// The optional second bearer scheme (<see cref="OidcOptions"/>): JWTs of the CPO's OpenID Connect provider, validated
/// against its published keys. The principal it makes carries nothing of the token but the user's name and, for a user
/// with the operator role, the <c>operator</c> scope: a <c>scope</c> claim the provider put in the token (a peer scope,
/// say) is never believed.
/// </summary>
public static class OidcScheme
{
    /// <summary>The scheme name.</summary>
    public const string Name = "oidc";

    /// <summary>Adds the scheme when <c>Gateway:Oidc</c> is configured (read as it is: schemes are fixed before validation runs).</summary>
    public static WebApplicationBuilder AddFleetOidc(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<OidcOptions>(builder.Configuration, OidcOptions.Section, o => o.Validate());
        var settings = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new();
        if (!settings.Enabled) return builder;
        builder.Services.AddAuthentication().AddJwtBearer(Name, _ => { });
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, OidcJwtSetup>();
        return builder;
    }

    /// <summary>
    /// True when a bearer token is not one of ours and the OIDC scheme is configured: its <c>iss</c> (read unvalidated,
    /// only to choose the scheme that will validate it) is not our issuer.
    /// </summary>
    internal static bool IsOidcToken(HttpContext context)
    {
        var oidc = context.RequestServices.GetRequiredService<IOptions<OidcOptions>>().Value;
        if (!oidc.Enabled) return false;
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var token = header[prefix.Length..].Trim();
        if (token.Length is 0 or > 16_384) return false;
        try
        {
            var issuer = new JsonWebToken(token).Issuer;
            var ours = context.RequestServices.GetRequiredService<IOptions<OscpOptions>>().Value.Tokens.Issuer;
            return !string.Equals(issuer, ours, StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private sealed class OidcJwtSetup(
        IOptions<OidcOptions> options, AuthMetrics metrics, [FromKeyedServices(FleetClock.Key)] TimeProvider clock) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions jwt)
        {
            if (name == Name) Configure(jwt);
        }

        public void Configure(JwtBearerOptions jwt)
        {
            var settings = options.Value;
            jwt.Authority = settings.Authority;
            jwt.Audience = settings.Audience;
            jwt.RequireHttpsMetadata = !settings.AllowHttp;
            jwt.MapInboundClaims = false;
            jwt.TimeProvider = clock;
            jwt.TokenValidationParameters.ValidAudience = settings.Audience;
            jwt.TokenValidationParameters.RequireExpirationTime = true;
            jwt.TokenValidationParameters.RequireSignedTokens = true;
            jwt.TokenValidationParameters.ClockSkew = JwtBearerSetup.ClockSkew;
            jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is { } end && now <= end + JwtBearerSetup.ClockSkew && (notBefore is not { } start || now >= start - JwtBearerSetup.ClockSkew);
            };
            jwt.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    metrics.Rejected(BearerRejection.Reason(context.Exception));
                    return Task.CompletedTask;
                },
                OnTokenValidated = context =>
                {
                    var user = context.Principal!;
                    var name = user.FindFirst(settings.NameClaim)?.Value ?? user.FindFirst("sub")?.Value ?? "unknown";
                    var identity = new ClaimsIdentity(Name, FleetClaims.ClientId, null);
                    identity.AddClaim(new Claim(FleetClaims.ClientId, $"oidc:{name}"));
                    if (user.FindAll(settings.RoleClaim).Any(c => c.Value == settings.OperatorRole))
                        identity.AddClaim(new Claim(FleetClaims.Scope, ApiClientOptions.OperatorScope));
                    context.Principal = new ClaimsPrincipal(identity);
                    return Task.CompletedTask;
                },
            };
        }
    }
}
