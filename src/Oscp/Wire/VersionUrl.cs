namespace OscpFleet.Oscp.Wire;

/// <summary>One OSCP version a party speaks and the base URL it serves that version under (no trailing slash).</summary>
public sealed record VersionUrl(string Version, string BaseUrl);
