using System.Collections.Concurrent;
using OscpFleet.Grains.Outbound;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Connection;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// The calls the peer grain makes to its CP, and the state changes their answers cause. One call at a time, through an
/// <see cref="OutboundSlot"/>: it runs off the grain's scheduler and its answer comes back as a grain call
/// (<see cref="IPeerCallbacks.CallFinishedAsync"/>), so the CP's own messages (a heartbeat, an acknowledge, a handshake)
/// are served while ours wait for their answers.
/// </summary>
public sealed partial class PeerGrain
{
    /// <summary>How long an answer may stay away before the call is given up (longer than the client's own timeouts).</summary>
    private static readonly TimeSpan LostCallAfter = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, long> handshakeAttempts = new(StringComparer.Ordinal);
    private readonly OutboundSlot slot = new(clock, LostCallAfter);
    private PeerCall? onWire;
    private long lastCallId;
    private string? acknowledgeRequestedFor;
    private bool handshakeRequested;

    private enum PeerCallKind
    {
        Handshake,
        Acknowledge,
        Heartbeat,
    }

    /// <summary>One call on the wire and what its answer must be matched against.</summary>
    /// <param name="Id">The slot key.</param>
    /// <param name="Kind">What was sent.</param>
    /// <param name="StartedAt">When, by the product clock.</param>
    /// <param name="AcknowledgeFor">An acknowledge: the CP handshake it answers.</param>
    /// <param name="AnnouncedOfflineModeAt">A heartbeat: the <c>offline_mode_at</c> it announced.</param>
    /// <param name="OnlineSince">A heartbeat: the connection it belongs to (its <see cref="PeerState.StateSince"/>).</param>
    private sealed record PeerCall(long Id, PeerCallKind Kind, DateTimeOffset StartedAt, string? AcknowledgeFor = null, DateTimeOffset? AnnouncedOfflineModeAt = null, DateTimeOffset? OnlineSince = null);

    /// <summary>Our acknowledge of the CP's pending handshake is on the wire: the CP may count the connection up already.</summary>
    private bool AcknowledgeInFlight =>
        onWire is { Kind: PeerCallKind.Acknowledge } call && call.AcknowledgeFor is not null && call.AcknowledgeFor == State.PendingAcknowledgeFor;

    /// <summary>Whether an acknowledge names our handshake: the one the CP took, or an attempt still waiting for its 204.</summary>
    private bool IsOurHandshake(string correlationId) =>
        (State.OutstandingHandshakeRequestId is { } outstanding && outstanding == correlationId)
        || (onWire is { Kind: PeerCallKind.Handshake } && handshakeAttempts.ContainsKey(correlationId));

    /// <inheritdoc />
    public async Task CallFinishedAsync(long call, OscpSendResult result)
    {
        if (onWire is not { } finished || finished.Id != call || !slot.Finish(call)) return;
        await FinishCallAsync(finished, result);
        await StartDueCallAsync();
        await NotifySitesIfChangedAsync();
    }

    /// <summary>
    /// Starts the call that is due, if the slot is free: the acknowledge of the CP's handshake (the gateway asks right
    /// after its 204; after <see cref="AcknowledgeFallbackDelay"/> anyway), else our handshake while Offline (or when the
    /// operator asked), else our heartbeat.
    /// </summary>
    private async Task StartDueCallAsync()
    {
        if (onWire is not null || !slot.IsFree(out _)) return;
        var now = Now;
        if (State.PendingAcknowledgeFor is { } pending && (acknowledgeRequestedFor == pending || State.PendingAcknowledgeSince + AcknowledgeFallbackDelay <= now))
        {
            var acknowledge = new HandshakeAcknowledge(new RequiredBehaviour(Config.HeartbeatIntervalSeconds, []));
            Start(new PeerCall(++lastCallId, PeerCallKind.Acknowledge, now, AcknowledgeFor: pending),
                endpoint => client.SendAsync(endpoint, acknowledge, correlationId: pending));
        }
        else if (MayHandshake && (handshakeRequested || (State.State == ConnectionState.Offline && State.NextHandshakeAt <= now)))
        {
            handshakeRequested = false;
            SetState(ConnectionState.Handshaking);
            State.OutstandingHandshakeRequestId = null;
            State.OutstandingHandshakeSentAt = null;
            handshakeAttempts.Clear();
            var call = new PeerCall(++lastCallId, PeerCallKind.Handshake, now);
            var handshake = new Handshake(new RequiredBehaviour(Config.HeartbeatIntervalSeconds, []));
            // Each attempt's id is known before it leaves: the CP may acknowledge before we have read its 204.
            Start(call, endpoint => client.SendAsync(endpoint, handshake, onAttempt: id => handshakeAttempts[id] = call.Id));
            await NotifySitesIfChangedAsync();
        }
        else if (State.State == ConnectionState.Online && State.NextHeartbeatAt <= now)
        {
            if (ConnectionRules.OurHeartbeatInterval(Config.Profile!.Value, State.TheyAskedHeartbeatSeconds, Config.HeartbeatIntervalSeconds) is not { } interval)
            {
                State.NextHeartbeatAt = null;
                State.OurOfflineModeAt = null;
                return;
            }
            var announced = ConnectionRules.OfflineModeAt(now, interval);
            State.NextHeartbeatAt = now + interval;
            // Until one is accepted, the first attempt's offline_mode_at is when the CP stops counting us up.
            State.OurOfflineModeAt ??= announced;
            Start(new PeerCall(++lastCallId, PeerCallKind.Heartbeat, now, AnnouncedOfflineModeAt: announced, OnlineSince: State.StateSince),
                endpoint => client.SendAsync(endpoint, new Heartbeat(announced)));
        }
    }

    private void Start(PeerCall call, Func<OscpPeerEndpoint, Task<OscpSendResult>> send)
    {
        var endpoint = Endpoint;
        onWire = call;
        var self = this.AsReference<IPeerCallbacks>();
        var peerId = PeerId;
        slot.Start(
            call.Id,
            _ => send(endpoint),
            e => new OscpSendResult(OscpSendOutcome.Retryable, null, "", null, e.GetType().Name),
            result => self.CallFinishedAsync(call.Id, result),
            // The grain never heard the answer: its next tick finds the slot free and finishes the call as unanswered.
            e => LogReportBackFailed(peerId, call.Kind.ToString(), e.GetType().Name));
    }

    /// <summary>
    /// What the CP's answer (or its absence) means for the connection; the call is off the wire. <paramref name="answerLost"/>:
    /// the answer never reached the grain (not the CP's doing, as far as we know), so a heartbeat does not count as refused.
    /// </summary>
    private async Task FinishCallAsync(PeerCall call, OscpSendResult result, bool answerLost = false)
    {
        onWire = null;
        switch (call.Kind)
        {
            case PeerCallKind.Handshake:
                HandshakeFinished(result);
                break;
            case PeerCallKind.Acknowledge:
                AcknowledgeFinished(call, result);
                break;
            case PeerCallKind.Heartbeat:
                await HeartbeatFinishedAsync(call, result, answerLost);
                return;
        }
        metrics.SetState(PeerId, State.State);
        await stored.WriteStateAsync();
    }

    private void HandshakeFinished(OscpSendResult result)
    {
        handshakeAttempts.Clear();
        metrics.Handshake(PeerId, "out", result.Outcome.ToString());
        if (result.IsDelivered)
        {
            State.CredentialsRejected = false;
            State.Counters = State.Counters with { HandshakesSent = State.Counters.HandshakesSent + 1 };
            LogHandshakeSent(PeerId, result.RequestId);
            // Already Online: the CP acknowledged this handshake before we read its 204.
            if (State.State == ConnectionState.Online) return;
            SetState(ConnectionState.Handshaking);
            State.OutstandingHandshakeRequestId = result.RequestId;
            State.OutstandingHandshakeSentAt = Now;
        }
        else
        {
            RecordFailure(result);
            if (State.State == ConnectionState.Online || State.PendingAcknowledgeFor is not null)
            {
                // The connection came (or is coming) up through the CP's own handshake meanwhile.
                State.Counters = State.Counters with { HandshakesFailed = State.Counters.HandshakesFailed + 1 };
                return;
            }
            State.HandshakeFailed(Now, Describe(result), Random.Shared.NextDouble());
            SetState(ConnectionState.Offline);
            LogHandshakeFailed(PeerId, Describe(result), State.NextHandshakeAt);
        }
    }

    private void AcknowledgeFinished(PeerCall call, OscpSendResult result)
    {
        metrics.Handshake(PeerId, "out-ack", result.Outcome.ToString());
        if (call.AcknowledgeFor != State.PendingAcknowledgeFor)
        {
            // A newer handshake of the CP's replaced the one this answered (or we gave up on it): that one decides.
            if (!result.IsDelivered) RecordFailure(result);
            return;
        }
        acknowledgeRequestedFor = null;
        if (result.IsDelivered)
        {
            State.PendingAcknowledgeFor = null;
            // A heartbeat the CP sent while our acknowledge was on its way already says when its silence counts.
            var heard = State.LastHeartbeatReceivedAt >= call.StartedAt ? State.TheirOfflineModeAt : null;
            State.GoOnline(Now, Config.HeartbeatIntervalSeconds, Config.FirstHeartbeatGraceSeconds, heard);
            LogOnline(PeerId, "our acknowledge was accepted");
            return;
        }
        RecordFailure(result);
        State.Counters = State.Counters with { HandshakesFailed = State.Counters.HandshakesFailed + 1 };
        if (State.State == ConnectionState.Online)
        {
            // Crossing handshakes: the CP acknowledged ours meanwhile, so the connection stands without this one.
            State.PendingAcknowledgeFor = null;
        }
        else if (result.Outcome is OscpSendOutcome.Rejected or OscpSendOutcome.NotConnected)
        {
            // The CP will not take this acknowledge; start over with a handshake of our own.
            State.PendingAcknowledgeFor = null;
            State.GoOffline(Now, $"acknowledge refused: {Describe(result)}");
            LogOffline(PeerId, State.OfflineReason!);
        }
    }

    private async Task HeartbeatFinishedAsync(PeerCall call, OscpSendResult result, bool answerLost)
    {
        metrics.Heartbeat(PeerId, "out", result.Outcome.ToString());
        var sameConnection = State.State == ConnectionState.Online && State.StateSince == call.OnlineSince;
        if (result.IsDelivered)
        {
            State.LastHeartbeatSentAt = call.StartedAt;
            State.Counters = State.Counters with { HeartbeatsSent = State.Counters.HeartbeatsSent + 1 };
            State.CredentialsRejected = false;
            if (sameConnection)
            {
                State.OurOfflineModeAt = call.AnnouncedOfflineModeAt;
                State.OurHeartbeatFailing = false;
            }
        }
        else
        {
            RecordFailure(result);
            State.Counters = State.Counters with { HeartbeatsFailed = State.Counters.HeartbeatsFailed + 1 };
            if (sameConnection && !answerLost) State.OurHeartbeatFailing = true;
            if (sameConnection && result.Outcome == OscpSendOutcome.NotConnected)
            {
                await GoOfflineAsync($"the CP answered {result.StatusCode}: not connected");
                return;
            }
        }
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
            State.LimitsLost,
            State.State == ConnectionState.Online,
            State.State == ConnectionState.Handshaking,
            ConnectionRules.SilenceDeadline(Config.ExpectHeartbeats, State.TheirOfflineModeAt),
            Now);
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
