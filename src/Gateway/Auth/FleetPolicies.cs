namespace OscpFleet.Gateway.Auth;

/// <summary>Names of the authorization policies <see cref="FleetAuthentication.AddFleetAuthentication"/> registers.</summary>
public static class FleetPolicies
{
    /// <summary>A capacity provider: authenticated with exactly one <c>oscp:&lt;peerId&gt;</c> scope of a configured peer.</summary>
    public const string OscpPeer = "oscp-peer";

    /// <summary>The register endpoint: a configured peer (<see cref="OscpPeer"/>) or a peer's bootstrap token (<c>oscp-register:&lt;peerId&gt;</c>).</summary>
    public const string OscpRegister = "oscp-register";

    /// <summary>An operator tool: has the <c>operator</c> scope.</summary>
    public const string Operator = "operator";

    /// <summary>The charge management system: has the <c>csms</c> scope.</summary>
    public const string Csms = "csms";

    /// <summary>Either an operator tool or the charge management system.</summary>
    public const string OperatorOrCsms = "operator-or-csms";
}
