using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Meets <see cref="OscpPeerRequirement"/>. The peer must still be configured: a bearer token outlives a peer's removal
/// from the configuration by up to its lifetime, and must stop working at once.
/// </summary>
internal sealed class OscpPeerAuthorizationHandler(IOptions<OscpOptions> options) : AuthorizationHandler<OscpPeerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OscpPeerRequirement requirement)
    {
        if (context.User.GetPeerId() is { } peerId && options.Value.Peers.ContainsKey(peerId))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
