namespace OscpFleet.Oscp.Configuration;

/// <summary>A caller of our own API (<c>Oscp:Clients:&lt;clientId&gt;</c>).</summary>
public sealed class ApiClientOptions
{
    /// <summary>Scope an operator tool needs.</summary>
    public const string OperatorScope = "operator";

    /// <summary>Scope the charge management system needs.</summary>
    public const string CsmsScope = "csms";

    /// <summary><c>sha256:&lt;hex&gt;</c> hashes of the client's secrets (several during rotation).</summary>
    public List<string> SecretHashes { get; set; } = [];

    /// <summary>Granted scopes: <c>operator</c> and/or <c>csms</c>.</summary>
    public List<string> Scopes { get; set; } = [];
}
