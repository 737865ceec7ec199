namespace OscpFleet.Oscp.Configuration;

/// <summary>Which parts of the configuration a process uses, so each validates only what it needs.</summary>
[Flags]
public enum ConfigurationScope
{
    /// <summary>Settings every process needs (peer basics, compliance, outbox).</summary>
    Common = 0,

    /// <summary>The silo: outbound credentials of each peer, CSMS webhooks.</summary>
    Outbound = 1,

    /// <summary>The gateway: how peers and API clients authenticate to us, token signing, body limit.</summary>
    Inbound = 2,
}
