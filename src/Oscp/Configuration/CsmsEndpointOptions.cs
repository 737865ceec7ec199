namespace OscpFleet.Oscp.Configuration;

/// <summary>One CSMS webhook endpoint (<c>Csms:Endpoints:&lt;name&gt;</c>).</summary>
public sealed class CsmsEndpointOptions
{
    /// <summary>Where limit versions are POSTed.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// True lets <see cref="Url"/> be plain <c>http</c> in Production (a test rig only: the webhook carries limits and is
    /// signed, not encrypted). Outside Production http is always allowed.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>HMAC secrets, current first (the first signs). Secrets: never logged, never in grain state.</summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>The default of <see cref="MaxInFlight"/>: 16 a silo in the reference deployment of three.</summary>
    public const int DefaultMaxInFlight = 48;

    /// <summary>
    /// Storm control: the most webhooks on the wire at once to this endpoint from the whole cluster (default 48; each
    /// silo takes an equal share, at least one, so with more silos than this the bound is one per silo).
    /// </summary>
    public int MaxInFlight { get; set; } = DefaultMaxInFlight;
}
