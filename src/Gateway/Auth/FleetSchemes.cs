using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace OscpFleet.Gateway.Auth;

/// <summary>Authentication scheme names of the gateway.</summary>
public static class FleetSchemes
{
    /// <summary>The default scheme: forwards to <see cref="Bearer"/> or <see cref="OscpToken"/> by the Authorization header's scheme word.</summary>
    public const string Selector = "fleet";

    /// <summary>OAuth 2.0 bearer tokens issued by our <c>/oauth/token</c> (vector peers, operator tools, the CSMS).</summary>
    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Plain OSCP 2.0 <c>Authorization: Token &lt;token&gt;</c> for peers on the <c>oscp</c> profile.</summary>
    public const string OscpToken = "Token";
}
