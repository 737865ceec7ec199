using System.Net;

namespace OscpFleet.Gateway;

/// <summary>
/// The reverse proxies (an ingress, a load balancer) whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> the
/// gateway believes (<c>Gateway:ForwardedHeaders</c>). Off by default: with no proxy and no network listed, forwarded
/// headers are ignored and the connection's address is the caller's.
/// </summary>
public sealed class TrustedProxyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.7</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies deep the forwarded headers are read (1: only the proxy in front of us).</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>True when at least one proxy or network is trusted.</summary>
    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>Every problem, naming its key, never a value that is not an address.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
                errors.Add($"{Section}:KnownProxies:{i}: must be an IP address");
        }
        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(KnownNetworks[i], out _))
                errors.Add($"{Section}:KnownNetworks:{i}: must be a network in CIDR notation, e.g. 10.0.0.0/8");
        }
        if (ForwardLimit is < 1 or > 10)
            errors.Add($"{Section}:ForwardLimit: must be between 1 and 10");
        return errors;
    }
}
