namespace OscpFleet.Oscp.Configuration;

/// <summary>Bounds of each site's durable outbox (<c>Oscp:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Most messages one site keeps; beyond it the oldest reports are dropped (counted and logged).</summary>
    public int MaxMessagesPerSite { get; set; } = 2000;
}
