using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Plain OSCP 2.0 authentication, <c>Authorization: Token &lt;token&gt;</c>, for peers on the <c>oscp</c> profile: the
/// token's hash must match one of a peer's <c>Inbound.TokenHashes</c>. The principal carries the scope
/// <c>oscp:&lt;peerId&gt;</c>, exactly like a vector peer's bearer token, so endpoints need not know the scheme.
/// </summary>
internal sealed class OscpTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<OscpOptions> oscp,
    AuthMetrics metrics) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthorizationHeader.TryParse(Request.Headers.Authorization, out var scheme, out var token)
            || !scheme.Equals(FleetSchemes.OscpToken, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());

        // Every peer is checked (no early exit) so the time taken does not tell which peer came close.
        var matches = oscp.Value.Peers
            .Where(p => p.Value.Profile == PeerProfile.Oscp)
            .Where(p => SecretHash.Matches(token, p.Value.Inbound.TokenHashes))
            .Select(p => p.Key)
            .ToList();
        if (matches.Count != 1)
        {
            if (matches.Count == 0) Logger.OscpTokenUnknown();
            else Logger.OscpTokenAmbiguous(string.Join(", ", matches));
            metrics.Rejected(matches.Count == 0 ? "unknown_token" : "ambiguous_token");
            return Task.FromResult(AuthenticateResult.Fail("invalid OSCP token"));
        }

        var peerId = matches[0];
        var identity = new ClaimsIdentity(
            [new Claim(FleetClaims.ClientId, peerId), new Claim(FleetClaims.Scope, FleetClaims.PeerScopePrefix + peerId)],
            Scheme.Name,
            FleetClaims.ClientId,
            roleType: null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.WWWAuthenticate, FleetSchemes.OscpToken);
        return Task.CompletedTask;
    }
}
