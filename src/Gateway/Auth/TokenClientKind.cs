namespace OscpFleet.Gateway.Auth;

/// <summary>Who a token client is: a capacity provider (vector peer) or a caller of our own API.</summary>
internal enum TokenClientKind
{
    /// <summary>A vector peer's <c>Inbound.ClientId</c>; granted <c>oscp:&lt;peerId&gt;</c>, whatever scope it asks for (narrowed, RFC 6749 §3.3).</summary>
    Peer,

    /// <summary>An <c>Oscp:Clients:&lt;id&gt;</c> entry; granted its configured scopes, a scope it does not hold being <c>invalid_scope</c>.</summary>
    Client,
}
