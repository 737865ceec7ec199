using Microsoft.AspNetCore.Authorization;

namespace OscpFleet.Gateway.Auth;

/// <summary>The caller is a configured capacity provider: exactly one <c>oscp:&lt;peerId&gt;</c> scope naming a configured peer.</summary>
internal sealed class OscpPeerRequirement : IAuthorizationRequirement;
