using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Every client of <c>/oauth/token</c>: each <c>Oscp:Clients:&lt;id&gt;</c> with its configured scopes, and each vector
/// peer's <c>Inbound.ClientId</c> with the scope <c>oscp:&lt;peerId&gt;</c>.
/// </summary>
internal sealed class TokenClientRegistry
{
    // An unknown client is checked against a hash no secret matches, so it costs the same as a wrong secret
    // and the two cannot be told apart by timing.
    private static readonly string[] PlaceholderHashes = [SecretHash.Compute(Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))];

    private readonly Dictionary<string, TokenClient> clients = new(StringComparer.Ordinal);

    public TokenClientRegistry(IOptions<OscpOptions> options)
    {
        foreach (var (clientId, client) in options.Value.Clients)
        {
            Add(new TokenClient(clientId, TokenClientKind.Client, [.. client.SecretHashes], [.. client.Scopes.Distinct(StringComparer.Ordinal)]));
        }
        foreach (var (peerId, peer) in options.Value.Peers)
        {
            if (peer.Profile == PeerProfile.Vector && !string.IsNullOrEmpty(peer.Inbound.ClientId))
                Add(new TokenClient(peer.Inbound.ClientId, TokenClientKind.Peer, [.. peer.Inbound.ClientSecretHashes], [FleetClaims.PeerScopePrefix + peerId]));
        }
    }

    /// <summary>True when <paramref name="clientId"/> is configured (only for logging: never tell a caller).</summary>
    public bool IsKnown(string clientId) => clients.ContainsKey(clientId);

    /// <summary>The client when <paramref name="secret"/> matches one of its hashes; null for an unknown client or a wrong secret alike.</summary>
    public TokenClient? Authenticate(string clientId, string secret)
    {
        var known = clients.TryGetValue(clientId, out var client);
        var matches = SecretHash.Matches(secret, known ? client!.SecretHashes : PlaceholderHashes);
        return known && matches ? client : null;
    }

    private void Add(TokenClient client)
    {
        // ConfigurationValidator rejects a client id used twice at start-up; failing here too beats silently picking one.
        if (!clients.TryAdd(client.ClientId, client))
            throw new InvalidOperationException($"Token client id '{client.ClientId}' is configured more than once (Oscp:Clients and Oscp:Peers:*:Inbound:ClientId)");
    }
}
