using OscpFleet.Oscp.Client;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// What a site's own outbound calls report back to it (see <see cref="Outbound.OutboundSlot"/>). Implemented by
/// <see cref="SiteGrain"/> and called only by it: not part of the contract the gateway and tools see.
/// </summary>
[Alias("OscpFleet.ISiteCallbacks")]
public interface ISiteCallbacks : IGrainWithStringKey
{
    /// <summary>The CSMS webhook's answer for <paramref name="version"/>.</summary>
    [Alias("DeliveryFinished")]
    Task DeliveryFinishedAsync(long version, bool delivered, string? error);

    /// <summary>The CP's answer to outbox message <paramref name="messageId"/>.</summary>
    [Alias("OutboxSendFinished")]
    Task OutboxSendFinishedAsync(long messageId, OscpSendResult result);
}
