namespace OscpFleet.Simulator.Cp;

/// <summary>The body of a successful token answer (RFC 6749 §5.1).</summary>
internal sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
