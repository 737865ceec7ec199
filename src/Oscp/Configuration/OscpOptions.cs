namespace OscpFleet.Oscp.Configuration;

/// <summary>The <c>Oscp</c> configuration section (docs/configuration.md).</summary>
public sealed class OscpOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Oscp";

    /// <summary>Default and minimum accepted request body limit (1 MiB).</summary>
    public const long DefaultMaxBodyBytes = 1_048_576;

    /// <summary>One entry per capacity provider connection, keyed by peer id.</summary>
    public Dictionary<string, PeerOptions> Peers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How our token endpoint signs access tokens.</summary>
    public TokenOptions Tokens { get; set; } = new();

    /// <summary>Callers of our own API (operator tools, the CSMS), keyed by client id.</summary>
    public Dictionary<string, ApiClientOptions> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When a measured load counts as a breach.</summary>
    public ComplianceOptions Compliance { get; set; } = new();

    /// <summary>Bounds of each site's durable outbox.</summary>
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Resets, glitches, the plausibility bound and the close grace of meter readings.</summary>
    public MeteringOptions Metering { get; set; } = new();

    /// <summary>How long the message journal keeps entries.</summary>
    public JournalOptions Journal { get; set; } = new();

    /// <summary>How long the per-period site history is kept.</summary>
    public HistoryOptions History { get; set; } = new();

    /// <summary>
    /// The root URL CPs reach our gateway at (e.g. <c>https://fleet.example.com</c>); <c>/oscp/fp/2.0</c> is appended to
    /// make the base URL we send in Register. Required when a peer uses Register.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How registered tokens are kept at rest.</summary>
    public RegistrationOptions Registration { get; set; } = new();

    /// <summary>Largest request body the gateway accepts; larger bodies get 413.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}
