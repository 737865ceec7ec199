namespace OscpFleet.Gateway.Auth;

/// <summary>An access token as the token endpoint returns it.</summary>
internal sealed record IssuedToken(string AccessToken, int ExpiresIn, string Scope, DateTimeOffset ExpiresAt);
