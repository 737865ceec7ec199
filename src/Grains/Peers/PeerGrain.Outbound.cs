using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Connection;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Peers;

/// <summary>The calls the peer grain makes to its CP, and the state changes they cause.</summary>
public sealed partial class PeerGrain
{
    private async Task SendHandshakeAsync()
    {
        var now = Now;
        SetState(ConnectionState.Handshaking);
        var handshake = new Handshake(new RequiredBehaviour(Config.HeartbeatIntervalSeconds, []));
        var result = await client.SendAsync(Endpoint, handshake);
        metrics.Handshake(PeerId, "out", result.Outcome.ToString());
        if (result.IsDelivered)
        {
            State.OutstandingHandshakeRequestId = result.RequestId;
            State.OutstandingHandshakeSentAt = now;
            State.CredentialsRejected = false;
            State.Counters = State.Counters with { HandshakesSent = State.Counters.HandshakesSent + 1 };
            LogHandshakeSent(PeerId, result.RequestId);
        }
        else
        {
            RecordFailure(result);
            State.HandshakeFailed(now, Describe(result), Random.Shared.NextDouble());
            SetState(ConnectionState.Offline);
            LogHandshakeFailed(PeerId, Describe(result), State.NextHandshakeAt);
        }
        await stored.WriteStateAsync();
    }

    private async Task SendHeartbeatAsync()
    {
        if (ConnectionRules.OurHeartbeatInterval(Config.Profile!.Value, State.TheyAskedHeartbeatSeconds, Config.HeartbeatIntervalSeconds) is not { } interval)
        {
            State.NextHeartbeatAt = null;
            return;
        }
        var now = Now;
        var result = await client.SendAsync(Endpoint, new Heartbeat(ConnectionRules.OfflineModeAt(now, interval)));
        metrics.Heartbeat(PeerId, "out", result.Outcome.ToString());
        if (result.IsDelivered)
        {
            State.LastHeartbeatSentAt = now;
            State.Counters = State.Counters with { HeartbeatsSent = State.Counters.HeartbeatsSent + 1 };
            State.CredentialsRejected = false;
        }
        else
        {
            RecordFailure(result);
            State.Counters = State.Counters with { HeartbeatsFailed = State.Counters.HeartbeatsFailed + 1 };
            if (result.Outcome == OscpSendOutcome.NotConnected)
            {
                await GoOfflineAsync($"the CP answered {result.StatusCode}: not connected");
                return;
            }
        }
        State.NextHeartbeatAt = now + interval;
        await stored.WriteStateAsync();
    }

    private async Task GoOfflineAsync(string reason)
    {
        State.GoOffline(Now, reason);
        SetState(ConnectionState.Offline);
        await stored.WriteStateAsync();
        LogOffline(PeerId, reason);
    }

    /// <summary>
    /// Tells every site of this peer (through the registry shards, never one call per site from here) when the
    /// connection went Online or stopped being Online, or started or stopped counting as lost for limits, so their
    /// outboxes and limits follow promptly. Also where "lost for limits" is brought up to date (the CP's
    /// <c>offline_mode_at</c> passing during a handshake makes it so); the one-second tick calls it.
    /// </summary>
    private async Task NotifySitesIfChangedAsync()
    {
        var lost = ConnectionRules.LimitsLost(
            State.LimitsLost, State.State == ConnectionState.Online, State.State == ConnectionState.Handshaking, State.TheirOfflineModeAt, Now);
        if (lost != State.LimitsLost)
        {
            State.LimitsLost = lost;
            if (lost) LogLimitsLost(PeerId, State.State, State.TheirOfflineModeAt);
            await stored.WriteStateAsync();
        }
        metrics.SetLimitsLost(PeerId, State.LimitsLost);
        var link = Link;
        if (link == sitesKnow) return;
        sitesKnow = link;
        await Task.WhenAll(Sites.SiteIndex.Shards.Select(shard =>
            GrainFactory.GetGrain<Sites.ISiteIndexGrain>(shard).NotifyPeerLinkAsync(PeerId, link)));
    }

    private PeerLink Link => new(State.State == ConnectionState.Online, State.LimitsLost);

    private void SetState(ConnectionState state)
    {
        if (State.State != state)
        {
            State.State = state;
            State.StateSince = Now;
        }
        metrics.SetState(PeerId, state);
    }

    private void RecordFailure(OscpSendResult result)
    {
        State.LastError = $"{Now:O} {Describe(result)}";
        if (result.Outcome == OscpSendOutcome.Unauthorized)
        {
            State.CredentialsRejected = true;
            LogCredentialsRejected(PeerId);
        }
    }

    private static string Describe(OscpSendResult result) =>
        result.StatusCode is { } status ? $"{result.Outcome} ({status}){(result.Error is null ? "" : ": " + result.Error)}"
        : $"{result.Outcome}{(result.Error is null ? "" : ": " + result.Error)}";
}
