namespace OscpFleet.Oscp.Client;

/// <summary>What one token request brought: an access token or why none came, and how long the token lives.</summary>
/// <param name="Fetch">The token, or the failure.</param>
/// <param name="Lifetime">The endpoint's <c>expires_in</c>; null when it did not say (or on failure).</param>
public sealed record TokenAnswer(TokenFetch Fetch, TimeSpan? Lifetime);
