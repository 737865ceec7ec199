using System.Net;

namespace OscpFleet.Hosting;

/// <summary>The <c>Cluster</c> section: which Orleans cluster a process joins and on which ports.</summary>
public sealed class FleetClusterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Cluster";

    /// <summary>Default cluster and service id.</summary>
    public const string DefaultId = "oscpfleet";

    /// <summary>Silos and clients with the same cluster id form one cluster (one per environment).</summary>
    public string ClusterId { get; set; } = DefaultId;

    /// <summary>Stable across deployments: grain state and reminders are stored under it. Never change it in production.</summary>
    public string ServiceId { get; set; } = DefaultId;

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port the gateway's Orleans client connects to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients reach this silo on (the pod IP in Kubernetes); loopback when unset.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>Every problem, naming the key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId)) errors.Add("Cluster:ClusterId: is required");
        if (string.IsNullOrWhiteSpace(ServiceId)) errors.Add("Cluster:ServiceId: is required");
        if (SiloPort is < 1 or > 65535) errors.Add("Cluster:SiloPort: must be a TCP port (1-65535)");
        if (GatewayPort is < 1 or > 65535) errors.Add("Cluster:GatewayPort: must be a TCP port (1-65535)");
        if (AdvertisedIPAddress is { Length: > 0 } ip && !IPAddress.TryParse(ip, out _))
            errors.Add("Cluster:AdvertisedIPAddress: must be an IP address");
        return errors;
    }
}
