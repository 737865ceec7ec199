namespace OscpFleet.Oscp.Configuration;

/// <summary>One CSMS webhook endpoint (<c>Csms:Endpoints:&lt;name&gt;</c>).</summary>
public sealed class CsmsEndpointOptions
{
    /// <summary>Where limit versions are POSTed.</summary>
    public string? Url { get; set; }

    /// <summary>HMAC secrets, current first (the first signs). Secrets: never logged, never in grain state.</summary>
    public List<string> Secrets { get; set; } = [];
}
