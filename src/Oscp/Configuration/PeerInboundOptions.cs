namespace OscpFleet.Oscp.Configuration;

/// <summary>How a CP authenticates to our gateway (<c>Oscp:Peers:&lt;peerId&gt;:Inbound</c>).</summary>
public sealed class PeerInboundOptions
{
    /// <summary>vector: the CP's client id at our <c>/oauth/token</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>vector: <c>sha256:&lt;hex&gt;</c> hashes of the CP's client secrets (several during rotation).</summary>
    public List<string> ClientSecretHashes { get; set; } = [];

    /// <summary>oscp: <c>sha256:&lt;hex&gt;</c> hashes of the tokens the CP sends as <c>Authorization: Token</c>.</summary>
    public List<string> TokenHashes { get; set; } = [];

    /// <summary>
    /// oscp: <c>sha256:&lt;hex&gt;</c> hashes of bootstrap tokens given to the CP out of band; one authenticates only the CP's
    /// first Register (<c>POST /oscp/fp/2.0/register</c>), never another endpoint.
    /// </summary>
    public List<string> BootstrapTokenHashes { get; set; } = [];
}
