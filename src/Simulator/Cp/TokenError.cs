namespace OscpFleet.Simulator.Cp;

/// <summary>The body of a refused token request (RFC 6749 §5.2).</summary>
internal sealed record TokenError(string Error, string? ErrorDescription);
