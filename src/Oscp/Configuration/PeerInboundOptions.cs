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
}
