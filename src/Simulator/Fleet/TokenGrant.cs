namespace OscpFleet.Simulator.Fleet;

/// <summary>An access token, or why none could be had (never containing the secret).</summary>
internal sealed record TokenGrant(string? AccessToken, string? Error);
