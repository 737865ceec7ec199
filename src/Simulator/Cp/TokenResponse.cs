namespace OscpFleet.Simulator.Cp;

/// <summary>The body of a successful token answer (RFC 6749 §5.1); <see cref="Scope"/> is the scope asked for, if any.</summary>
internal sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? Scope = null);
