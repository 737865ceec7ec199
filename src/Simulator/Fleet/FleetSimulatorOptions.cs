namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// The fleet simulator (<c>Simulator:Fleet</c>): a CPO's charge management system (CSMS) with simulated chargers,
/// facing an OscpFleet gateway. It onboards its sites through the operator API, receives signed limit webhooks,
/// applies them to its chargers, confirms them and (optionally) reports meter values.
/// </summary>
public sealed class FleetSimulatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Simulator:Fleet";

    /// <summary>Default address: loopback only, because the control API has no authentication.</summary>
    public const string DefaultListenUrl = "http://127.0.0.1:5095";

    /// <summary>Default gateway root (<c>run.sh</c>'s gateway).</summary>
    public const string DefaultFleetBaseUrl = "http://127.0.0.1:5080";

    /// <summary>Default path of the limit webhook.</summary>
    public const string DefaultWebhookPath = "/csms/limits";

    /// <summary>Default tolerance between a webhook's timestamp and the simulator's clock, in seconds.</summary>
    public const int DefaultTimestampToleranceSeconds = 300;

    /// <summary>Default of <see cref="MaxPendingSamplesPerCharger"/>: a bit under three hours of 10-second samples.</summary>
    public const int DefaultMaxPendingSamplesPerCharger = 1000;

    /// <summary>Where the simulator listens (<c>http://127.0.0.1:0</c> picks a free port).</summary>
    public string ListenUrl { get; set; } = DefaultListenUrl;

    /// <summary>The gateway's root; <c>/oauth/token</c> and <c>/api/v1/…</c> are appended.</summary>
    public string FleetBaseUrl { get; set; } = DefaultFleetBaseUrl;

    /// <summary>The operator client (scope <c>operator</c>) that onboards the sites.</summary>
    public string? OperatorClientId { get; set; }

    /// <summary>The operator client's secret. Secret: never logged.</summary>
    public string? OperatorClientSecret { get; set; }

    /// <summary>The CSMS client (scope <c>csms</c>) that confirms limits and reports meter values.</summary>
    public string? CsmsClientId { get; set; }

    /// <summary>The CSMS client's secret. Secret: never logged.</summary>
    public string? CsmsClientSecret { get; set; }

    /// <summary>The path the limit webhook is received on (the product's <c>Csms:Endpoints:&lt;name&gt;:Url</c> ends with it).</summary>
    public string WebhookPath { get; set; } = DefaultWebhookPath;

    /// <summary>The HMAC secrets a webhook may be signed with (several during a rotation). Secrets: never logged.</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>How far a webhook's <c>X-OscpFleet-Timestamp</c> may be from the simulator's clock (either way).</summary>
    public int TimestampToleranceSeconds { get; set; } = DefaultTimestampToleranceSeconds;

    /// <summary>The simulated sites.</summary>
    public List<FleetSiteOptions> Sites { get; set; } = [];

    /// <summary>Onboard every site (<c>PUT /api/v1/sites/{groupId}</c>) as soon as the simulator listens.</summary>
    public bool OnboardSites { get; set; } = true;

    /// <summary>Wait this long (simulator clock) after applying a version before confirming it (a slow CSMS).</summary>
    public int ConfirmDelaySeconds { get; set; }

    /// <summary>Post every site's meter values this often (simulator clock); 0 turns them off.</summary>
    public int MeterIntervalSeconds { get; set; }

    /// <summary>
    /// Meter samples kept per charger while the gateway does not take them (429, 503, other 5xx, transport errors):
    /// they go again with the next interval's; beyond this many the oldest are dropped.
    /// </summary>
    public int MaxPendingSamplesPerCharger { get; set; } = DefaultMaxPendingSamplesPerCharger;

    /// <summary>The most records kept of each of webhooks received and gateway calls (the oldest go first).</summary>
    public int MaxRecords { get; set; } = RecordLog<object>.DefaultCapacity;
}
