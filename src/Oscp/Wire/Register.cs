namespace OscpFleet.Oscp.Wire;

/// <summary>
/// OSCP 2.0 Register (POST/PUT/DELETE <c>/register</c>): the token the receiver must use when it calls
/// the sender, and the sender's base URL per supported version. Not used with Vector (OAuth instead).
/// </summary>
public sealed record Register(string Token, IReadOnlyList<VersionUrl> VersionUrl);
