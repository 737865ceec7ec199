namespace OscpFleet.Gateway.Auth;

/// <summary>One client of <c>/oauth/token</c>: its id, the hashes its secret may match and the scopes it may get.</summary>
internal sealed record TokenClient(string ClientId, TokenClientKind Kind, IReadOnlyList<string> SecretHashes, IReadOnlyList<string> Scopes)
{
    /// <summary>The metric and log label of <see cref="Kind"/>.</summary>
    public string KindLabel => Kind == TokenClientKind.Peer ? "peer" : "client";
}
