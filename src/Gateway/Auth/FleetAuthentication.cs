using OscpFleet.Gateway.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OscpFleet.Hosting;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Inbound authentication of the gateway: our OAuth 2.0 token endpoint, bearer tokens (vector peers, operator tools,
/// the CSMS), the plain OSCP <c>Token</c> scheme (oscp peers) and the <see cref="FleetPolicies"/>. Reads
/// <see cref="IOptions{OscpOptions}"/>, which the host binds and validates.
/// </summary>
public static class FleetAuthentication
{
    /// <summary>Path of the token endpoint.</summary>
    public const string TokenPath = "/oauth/token";

    /// <summary>Token requests per <see cref="TokenRateWindow"/> for one configured client from one address, or for unknown clients from one address.</summary>
    public const int TokenRequestsPerWindow = 60;

    /// <summary>The fixed window of the token endpoint's rate limit.</summary>
    public static readonly TimeSpan TokenRateWindow = TimeSpan.FromMinutes(1);

    /// <summary>Registers the schemes, the policies, the token issuer and the token endpoint's rate limit.</summary>
    public static IServiceCollection AddFleetAuthentication(this IServiceCollection services)
    {
        services.AddMetrics();
        // The system clock unless the host (or a test) already registered the product clock.
        services.AddFleetClock();
        services.TryAddSingleton<AuthMetrics>();
        services.TryAddSingleton<TokenClientRegistry>();
        services.TryAddSingleton<SigningKeyRing>();
        services.TryAddSingleton<TokenIssuer>();
        services.TryAddSingleton<TokenEndpoint>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>());

        services.AddAuthentication(FleetSchemes.Selector)
            .AddPolicyScheme(FleetSchemes.Selector, "Bearer or OSCP Token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(FleetSchemes.Bearer, _ => { })
            .AddScheme<AuthenticationSchemeOptions, OscpTokenAuthenticationHandler>(FleetSchemes.OscpToken, displayName: "OSCP Token", _ => { });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, OscpPeerAuthorizationHandler>());
        services.AddAuthorizationBuilder()
            .AddPolicy(FleetPolicies.OscpPeer, p => p.RequireAuthenticatedUser().AddRequirements(new OscpPeerRequirement()))
            .AddPolicy(FleetPolicies.OscpRegister, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                (c.User.GetPeerId() ?? c.User.GetBootstrapPeerId()) is { } peerId
                && c.Resource is HttpContext http
                && http.RequestServices.GetRequiredService<IOptions<OscpOptions>>().Value.Peers.ContainsKey(peerId)))
            .AddPolicy(FleetPolicies.Operator, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasScope(ApiClientOptions.OperatorScope)))
            .AddPolicy(FleetPolicies.Csms, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasScope(ApiClientOptions.CsmsScope)))
            .AddPolicy(FleetPolicies.OperatorOrCsms, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.User.HasScope(ApiClientOptions.OperatorScope) || c.User.HasScope(ApiClientOptions.CsmsScope)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, FleetAuthorizationResultHandler>();

        services.TryAddSingleton<TokenRateLimiting>();
        services.AddHostedService<CsmsBindingAudit>();
        return services;
    }

    /// <summary>Maps <c>POST /oauth/token</c> (anonymous, rate limited per client and address: <see cref="TokenRateLimiting"/>).</summary>
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // A route handler (not a bare RequestDelegate) so the API explorer, and so the OpenAPI document, sees it.
        endpoints.MapPost(TokenPath, (HttpContext context, [FromServices] TokenEndpoint token) => token.HandleAsync(context))
            .AllowAnonymous()
            .WithName("OAuthToken")
            .WithTags("Token")
            .WithSummary("OAuth 2.0 client credentials grant (RFC 6749 §4.4): form body, credentials in the body or HTTP Basic")
            .DocumentBody<Api.TokenForm>(contentType: "application/x-www-form-urlencoded")
            .Produces<Api.TokenAnswer>()
            .DocumentExample(StatusCodes.Status200OK, """{"access_token":"eyJhbGciOiJFUzI1NiIsImtpZCI6ImsyMDI2YSJ9…","token_type":"Bearer","expires_in":3600,"scope":"operator"}""")
            .Produces<Api.OAuthError>(StatusCodes.Status400BadRequest)
            .Produces<Api.OAuthError>(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    // The scheme word decides, case-insensitively (RFC 9110 §11.1); anything but Token goes to Bearer, whose challenge
    // is the one a caller without credentials should see.
    // A bearer token of another issuer goes to the CPO's OpenID Connect provider when one is configured (OidcScheme).
    private static string SelectScheme(HttpContext context) =>
        AuthorizationHeader.HasScheme(context.Request.Headers.Authorization, FleetSchemes.OscpToken) ? FleetSchemes.OscpToken
        : OidcScheme.IsOidcToken(context) ? OidcScheme.Name
        : FleetSchemes.Bearer;
}
