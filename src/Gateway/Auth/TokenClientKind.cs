namespace OscpFleet.Gateway.Auth;

/// <summary>Who a token client is: a capacity provider (vector peer) or a caller of our own API.</summary>
internal enum TokenClientKind
{
    /// <summary>A vector peer's <c>Inbound.ClientId</c>; granted <c>oscp:&lt;peerId&gt;</c>.</summary>
    Peer,

    /// <summary>An <c>Oscp:Clients:&lt;id&gt;</c> entry; granted its configured scopes.</summary>
    Client,
}
