using System.Security.Claims;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// The claims our principals carry, whichever scheme authenticated them: <c>client_id</c> and <c>scope</c>
/// (space-separated, as in RFC 8693 / RFC 9068). Claim names are kept raw (no inbound mapping) so a JWT and an
/// OSCP Token principal read the same way.
/// </summary>
public static class FleetClaims
{
    /// <summary>Scopes of capacity providers are <c>oscp:&lt;peerId&gt;</c>.</summary>
    public const string PeerScopePrefix = "oscp:";

    /// <summary>
    /// The scope of a bootstrap token, <c>oscp-register:&lt;peerId&gt;</c>: it authorises the peer's first Register and
    /// nothing else (it is not a peer scope, so every other OSCP endpoint refuses it).
    /// </summary>
    public const string BootstrapScopePrefix = "oscp-register:";

    /// <summary>The claim holding the space-separated scopes.</summary>
    public const string Scope = "scope";

    /// <summary>The claim holding the OAuth client id (for an OSCP Token peer: its peer id).</summary>
    public const string ClientId = "client_id";

    /// <summary>Every scope of an authenticated principal; empty otherwise.</summary>
    public static IEnumerable<string> GetScopes(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? user.FindAll(Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            : [];

    /// <summary>True when the authenticated principal was granted <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.GetScopes().Contains(scope, StringComparer.Ordinal);

    /// <summary>
    /// The peer a CP's credential identifies (from its one <c>oscp:&lt;peerId&gt;</c> scope); null for anyone else and
    /// for a principal with several peer scopes (which our issuer never makes).
    /// </summary>
    public static string? GetPeerId(this ClaimsPrincipal user)
    {
        var peers = user.GetScopes()
            .Where(s => s.Length > PeerScopePrefix.Length && s.StartsWith(PeerScopePrefix, StringComparison.Ordinal))
            .Select(s => s[PeerScopePrefix.Length..])
            .Distinct(StringComparer.Ordinal)
            .Take(2)
            .ToList();
        return peers.Count == 1 ? peers[0] : null;
    }

    /// <summary>The peer a bootstrap token identifies (its one <c>oscp-register:&lt;peerId&gt;</c> scope); null otherwise.</summary>
    public static string? GetBootstrapPeerId(this ClaimsPrincipal user)
    {
        var peers = user.GetScopes()
            .Where(s => s.Length > BootstrapScopePrefix.Length && s.StartsWith(BootstrapScopePrefix, StringComparison.Ordinal))
            .Select(s => s[BootstrapScopePrefix.Length..])
            .Distinct(StringComparer.Ordinal)
            .Take(2)
            .ToList();
        return peers.Count == 1 ? peers[0] : null;
    }

    /// <summary>The authenticated principal's client id; null when unauthenticated.</summary>
    public static string? GetClientId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(ClientId)?.Value : null;
}
