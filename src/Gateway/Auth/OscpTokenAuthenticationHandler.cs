using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Plain OSCP 2.0 authentication, <c>Authorization: Token &lt;token&gt;</c>, for peers on the <c>oscp</c> profile: the
/// token's hash must match one of a peer's <c>Inbound.TokenHashes</c> or, for a peer that uses Register, the token we
/// issued it (asked of its <see cref="IPeerRegistrationGrain"/> on every request, so a deleted token fails at once). The
/// principal carries the scope <c>oscp:&lt;peerId&gt;</c>, exactly like a vector peer's bearer token, so endpoints need not
/// know the scheme. A bootstrap token (<c>Inbound.BootstrapTokenHashes</c>) gets only <c>oscp-register:&lt;peerId&gt;</c>,
/// which nothing but the register endpoint accepts.
/// </summary>
internal sealed class OscpTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<OscpOptions> oscp,
    AuthMetrics metrics) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthorizationHeader.TryParse(Request.Headers.Authorization, out var scheme, out var token)
            || !scheme.Equals(FleetSchemes.OscpToken, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();

        // Every peer is checked (no early exit) so the time taken does not tell which peer came close.
        var peers = oscp.Value.Peers.Where(p => p.Value.Profile == PeerProfile.Oscp).ToList();
        var matches = peers
            .Where(p => !p.Value.UsesRegister() && SecretHash.Matches(token, p.Value.Inbound.TokenHashes))
            .Select(p => (PeerId: p.Key, Bootstrap: false))
            .Concat(peers
                .Where(p => p.Value.UsesRegister() && SecretHash.Matches(token, p.Value.Inbound.BootstrapTokenHashes))
                .Select(p => (PeerId: p.Key, Bootstrap: true)))
            .ToList();
        var registering = peers.Where(p => p.Value.UsesRegister()).Select(p => p.Key).ToList();
        if (registering.Count > 0)
        {
            var grains = Context.RequestServices.GetRequiredService<IGrainFactory>();
            var hash = SecretHash.Compute(token);
            var issued = await Task.WhenAll(registering.Select(id => grains.GetGrain<IPeerRegistrationGrain>(id).AuthenticatesAsync(hash)));
            matches.AddRange(registering.Where((_, i) => issued[i]).Select(id => (PeerId: id, Bootstrap: false)));
        }

        if (matches.Count != 1)
        {
            if (matches.Count == 0) Logger.OscpTokenUnknown();
            else Logger.OscpTokenAmbiguous(string.Join(", ", matches.Select(m => m.PeerId)));
            metrics.Rejected(matches.Count == 0 ? "unknown_token" : "ambiguous_token");
            return AuthenticateResult.Fail("invalid OSCP token");
        }

        var (peerId, bootstrap) = matches[0];
        var identity = new ClaimsIdentity(
            [new Claim(FleetClaims.ClientId, peerId), new Claim(FleetClaims.Scope, (bootstrap ? FleetClaims.BootstrapScopePrefix : FleetClaims.PeerScopePrefix) + peerId)],
            Scheme.Name,
            FleetClaims.ClientId,
            roleType: null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.WWWAuthenticate, FleetSchemes.OscpToken);
        return Task.CompletedTask;
    }
}
