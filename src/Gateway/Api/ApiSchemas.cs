using System.Text.Json.Serialization;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;

namespace OscpFleet.Gateway.Api;

/// <summary><c>GET /api/v1/sites</c> answer (documentation only).</summary>
/// <param name="Sites">One page of sites, ordered by group id.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last.</param>
public sealed record SiteListAnswer(IReadOnlyList<SiteSummary> Sites, string? NextCursor);

/// <summary><c>POST /api/v1/sites:import</c> answer (documentation only).</summary>
/// <param name="Imported">Rows imported.</param>
/// <param name="Created">Sites that did not exist.</param>
/// <param name="Updated">Sites that existed (changed or re-enabled).</param>
public sealed record ImportAnswer(int Imported, int Created, int Updated);

/// <summary><c>GET /api/v1/peers</c> answer (documentation only).</summary>
/// <param name="Peers">Every configured peer, ordered by id.</param>
public sealed record PeersAnswer(IReadOnlyList<PeerStatus> Peers);

/// <summary><c>POST /oauth/token</c> form body (documentation only): RFC 6749 §4.4.</summary>
public sealed record TokenForm
{
    /// <summary>Always <c>client_credentials</c>.</summary>
    [JsonPropertyName("grant_type")] public required string GrantType { get; init; }

    /// <summary>The client (or in HTTP Basic).</summary>
    [JsonPropertyName("client_id")] public string? ClientId { get; init; }

    /// <summary>Its secret (or in HTTP Basic).</summary>
    [JsonPropertyName("client_secret")] public string? ClientSecret { get; init; }

    /// <summary>Optional: <c>operator</c>, <c>csms</c> or <c>oscp:&lt;peerId&gt;</c>.</summary>
    [JsonPropertyName("scope")] public string? Scope { get; init; }
}

/// <summary><c>POST /oauth/token</c> answer (documentation only); sent with <c>Cache-Control: no-store</c>.</summary>
/// <param name="AccessToken">An ES256 JWT.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds it is valid.</param>
/// <param name="Scope">The scopes granted.</param>
public sealed record TokenAnswer(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>An OAuth 2.0 error (RFC 6749 §5.2), documentation only.</summary>
/// <param name="Error"><c>invalid_client</c> (401), <c>invalid_request</c>, <c>unsupported_grant_type</c> or <c>invalid_scope</c> (400).</param>
/// <param name="ErrorDescription">What was wrong, when said.</param>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
