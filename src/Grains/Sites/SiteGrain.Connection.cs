using OscpFleet.Grains.Peers;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// What the site knows of its peer's connection: Online (the outbox sends) and lost for limits (the limit is held at
/// or below the fallback). The peer pushes changes through the registry; the site reads it when it activates.
/// </summary>
public sealed partial class SiteGrain
{
    /// <inheritdoc />
    public async Task PeerLinkChangedAsync(PeerLink link)
    {
        if (!Exists || (State.PeerOnline == link.Online && State.ConnectionLost == link.LimitsLost)) return;
        var cameOnline = link.Online && !State.PeerOnline;
        var limitsChanged = link.LimitsLost != State.ConnectionLost;
        State.PeerOnline = link.Online;
        State.ConnectionLost = link.LimitsLost;
        // Only "lost" moves limits; Online alone (a routine re-handshake) issues no version, not even a pending label change.
        if (limitsChanged) IssueIfChanged(receivedAt: Now, force: false);
        await SaveAsync();
        await PublishAsync();
        StartDeliveryIfDue();
        if (cameOnline)
        {
            // Back Online: whatever waited goes now (urgent messages first, each class in order), without sitting out a back-off from the old connection.
            foreach (var message in outboxRow.State.Queued) message.NextAttemptAt = null;
        }
        await StartSendingIfDueAsync();
        if (OutboxStuck) await EnsureReminderAsync();
    }

    /// <summary>The peer's connection as the peer grain sees it now; a peer missing from configuration is down.</summary>
    private async Task<PeerLink> PeerLinkAsync(string peerId)
    {
        if (!options.CurrentValue.Peers.ContainsKey(peerId)) return PeerLink.Down;
        var status = await GrainFactory.Get<IPeerGrain>(peerId).GetStatusAsync();
        return new PeerLink(status.State == ConnectionState.Online, status.LimitsLost);
    }
}
