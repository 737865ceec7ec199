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

    /// <summary>
    /// Gateway only: how long the gateway waits for a silo's answer to one call before it answers 503 with
    /// <c>Retry-After</c> (Orleans' response timeout of its client). Shorter than a caller's own HTTP timeout, so a call
    /// lost with a silo that stopped or died is answered "not acknowledged, retry" instead of never.
    /// </summary>
    public int CallTimeoutSeconds { get; set; } = DefaultCallTimeoutSeconds;

    /// <summary>Default of <see cref="CallTimeoutSeconds"/>.</summary>
    public const int DefaultCallTimeoutSeconds = 15;

    /// <summary>
    /// Gateway only: how long the gateway waits before it tries the cluster again when no silo could be reached (at
    /// start, or after every silo it knew was lost). Meanwhile it answers 503 with <c>Retry-After</c> and reports not
    /// ready. Short, so a gateway is back soon after the silos; not so short that many gateways hammer a membership
    /// table that is itself struggling.
    /// </summary>
    public int ReconnectDelaySeconds { get; set; } = DefaultReconnectDelaySeconds;

    /// <summary>Default of <see cref="ReconnectDelaySeconds"/>.</summary>
    public const int DefaultReconnectDelaySeconds = 2;

    /// <summary>Address other silos and clients reach this silo on (the pod IP in Kubernetes); loopback when unset.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// Orleans' Kubernetes hosting on a silo (silo name = pod name, a pod deleted is a silo declared dead at once):
    /// <c>true</c> on, <c>false</c> off, unset = on exactly when running in a pod that has the downward-API variables
    /// (<see cref="PodNamespaceVariable"/> and <see cref="PodNameVariable"/> set, and Kubernetes' own
    /// <see cref="KubernetesServiceHostVariable"/>, which the kubelet sets in every pod). Outside a pod it cannot work.
    /// </summary>
    public bool? KubernetesHosting { get; set; }

    /// <summary>The pod's namespace (downward API, <c>metadata.namespace</c>).</summary>
    public const string PodNamespaceVariable = "POD_NAMESPACE";

    /// <summary>The pod's name (downward API, <c>metadata.name</c>).</summary>
    public const string PodNameVariable = "POD_NAME";

    /// <summary>Set by the kubelet in every container: the API server's address.</summary>
    public const string KubernetesServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>Whether the silo uses Orleans' Kubernetes hosting, given the process environment <paramref name="environment"/>.</summary>
    public bool UsesKubernetesHosting(Func<string, string?> environment) =>
        KubernetesHosting ?? (Has(environment, KubernetesServiceHostVariable) && Has(environment, PodNamespaceVariable) && Has(environment, PodNameVariable));

    /// <summary>Every problem, naming the key.</summary>
    public IReadOnlyList<string> Validate() => Validate(Environment.GetEnvironmentVariable);

    /// <summary>Every problem, naming the key, for the process environment <paramref name="environment"/>.</summary>
    public IReadOnlyList<string> Validate(Func<string, string?> environment)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId)) errors.Add("Cluster:ClusterId: is required");
        if (string.IsNullOrWhiteSpace(ServiceId)) errors.Add("Cluster:ServiceId: is required");
        if (SiloPort is < 1 or > 65535) errors.Add("Cluster:SiloPort: must be a TCP port (1-65535)");
        if (GatewayPort is < 1 or > 65535) errors.Add("Cluster:GatewayPort: must be a TCP port (1-65535)");
        if (CallTimeoutSeconds is < 1 or > 120) errors.Add("Cluster:CallTimeoutSeconds: must be between 1 and 120 seconds");
        if (ReconnectDelaySeconds is < 1 or > 60) errors.Add("Cluster:ReconnectDelaySeconds: must be between 1 and 60 seconds");
        if (AdvertisedIPAddress is { Length: > 0 } ip && !IPAddress.TryParse(ip, out _))
            errors.Add("Cluster:AdvertisedIPAddress: must be an IP address");
        if (KubernetesHosting == true && !(Has(environment, PodNamespaceVariable) && Has(environment, PodNameVariable)))
            errors.Add($"Cluster:KubernetesHosting: needs the {PodNamespaceVariable} and {PodNameVariable} environment variables (downward API); set false outside a pod");
        return errors;
    }

    private static bool Has(Func<string, string?> environment, string name) => !string.IsNullOrWhiteSpace(environment(name));
}
