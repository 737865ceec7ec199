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

    /// <summary>Value of <see cref="Csms"/> that binds a client to every CSMS endpoint (explicit, logged at start-up).</summary>
    public const string EveryCsms = "*";

    /// <summary>Granted scopes: <c>operator</c> and/or <c>csms</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// For a <c>csms</c>-scope client: the CSMS endpoint name (<c>Csms:Endpoints:&lt;name&gt;</c>) it speaks for; it may act
    /// only on sites whose <c>csms</c> is that name. Required for a client with the <c>csms</c> scope and without
    /// <c>operator</c>; <see cref="EveryCsms"/> lets it act on every site.
    /// </summary>
    public string? Csms { get; set; }
}
