using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Connection;
using OscpFleet.Oscp.Reporting;
using OscpFleet.Grains.Outbound;
using OscpFleet.Oscp.Wire;
using Orleans.Placement;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// One OSCP connection. Sub-minute work (heartbeats, the offline watch, handshake retries) runs on a one-second grain
/// timer that only acts on what is due by the product clock; a reminder every <see cref="PeerGrainOptions.KeepAlivePeriod"/>
/// (one minute) keeps the grain alive and re-arms the timer after a restart or failover. The rules are in
/// <see cref="ConnectionRules"/>; the calls to the CP go through one <see cref="OutboundSlot"/>, off the grain's
/// scheduler, so nothing the CP sends us ever waits for an answer the CP owes us (PeerGrain.Outbound.cs).
/// </summary>
[GrainType("peer")]
// Its state is stored as JSON, which Orleans cannot carry: a migration (a silo retiring) would fail and hold up the stop.
[Immovable]
// On the silo that has been in the cluster longest, never on one still warming up (SettledSiloPlacement).
[SettledSiloPlacement]
public sealed partial class PeerGrain(
    [PersistentState("peer", FleetStorage.Control)] IPersistentState<PeerState> stored,
    [FromKeyedServices(FleetClock.Key)] TimeProvider clock,
    OscpClient client,
    IOptionsMonitor<OscpOptions> options,
    IOptions<PeerGrainOptions> grainOptions,
    PeerMetrics metrics,
    HandoverFirst handover,
    ILogger<PeerGrain> logger) : Grain, IPeerGrain, IPeerCallbacks, IRemindable
{
    private const string KeepAliveReminder = "peer-keepalive";
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AcknowledgeFallbackDelay = TimeSpan.FromSeconds(2);

    private PeerLink? sitesKnow;

    private PeerState State => stored.State;

    private string PeerId => this.GetPrimaryKeyString();

    private PeerOptions Config => options.CurrentValue.Peers.TryGetValue(PeerId, out var peer)
        ? peer
        : throw new InvalidOperationException($"peer '{PeerId}' is not configured (Oscp:Peers:{PeerId})");

    private OscpPeerEndpoint Endpoint => CurrentEndpoint;

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SchemaVersion > PeerState.CurrentSchemaVersion)
            throw new InvalidOperationException($"peer state schema {State.SchemaVersion} is newer than this build understands ({PeerState.CurrentSchemaVersion})");
        if (!stored.RecordExists) State.NextHandshakeAt = Now;
        // A stopping silo hands the connection over before the thousands of sites it may host (HandoverFirst).
        handover.Register(GrainContext);
        this.RegisterGrainTimer(_ => TickAsync(), new object(), new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = TickPeriod,
            Interleave = false,
            KeepAlive = true,
        });
        metrics.SetState(PeerId, State.State);
        metrics.SetLastHeartbeats(PeerId, State.LastHeartbeatReceivedAt, State.LastHeartbeatSentAt);
        // Sites read the peer's state when they activate; notify them only of changes from here on.
        sitesKnow = Link;
        return LoadRegistrationAsync();
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        handover.Unregister(GrainContext);
        metrics.Forget(PeerId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task EnsureRunningAsync()
    {
        // Registering rewrites the reminder row and resets its schedule: only do it when it is missing.
        if (await this.GetReminder(KeepAliveReminder) is null)
            await this.RegisterOrUpdateReminder(KeepAliveReminder, grainOptions.Value.KeepAlivePeriod, grainOptions.Value.KeepAlivePeriod);
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync();

    /// <inheritdoc />
    public async Task ReceiveHandshakeAsync(string requestId, RequiredBehaviour behaviour)
    {
        State.TheyAskedHeartbeatSeconds = behaviour.HeartbeatInterval;
        State.TheyAskedMeasurementConfiguration = [.. (behaviour.MeasurementConfiguration ?? []).Select(MeasurementConfigurations.ToWire)];
        State.PendingAcknowledgeFor = requestId;
        State.PendingAcknowledgeSince = Now;
        // A handshake of ours may be crossing this one: its acknowledge still completes the connection, so keep it.
        SetState(ConnectionState.Handshaking);
        State.Counters = State.Counters with { HandshakesReceived = State.Counters.HandshakesReceived + 1 };
        await stored.WriteStateAsync();
        metrics.Handshake(PeerId, "in", "accepted");
        LogHandshakeReceived(PeerId, requestId, behaviour.HeartbeatInterval);
        await NotifySitesIfChangedAsync();
    }

    /// <inheritdoc />
    public async Task SendPendingAcknowledgeAsync(string handshakeRequestId)
    {
        if (State.PendingAcknowledgeFor != handshakeRequestId) return;
        acknowledgeRequestedFor = handshakeRequestId;
        await StartDueCallAsync();
    }

    /// <inheritdoc />
    public async Task<InboundOutcome> ReceiveHandshakeAcknowledgeAsync(string correlationId, RequiredBehaviour? behaviour)
    {
        if (!IsOurHandshake(correlationId))
        {
            metrics.Handshake(PeerId, "in-ack", "unknown-correlation");
            return InboundOutcome.UnknownCorrelation;
        }
        handshakeAttempts.Clear();
        State.TheyAskedHeartbeatSeconds = behaviour?.HeartbeatInterval;
        State.TheyAskedMeasurementConfiguration = [.. (behaviour?.MeasurementConfiguration ?? []).Select(MeasurementConfigurations.ToWire)];
        State.GoOnline(Now, Config.HeartbeatIntervalSeconds, Config.FirstHeartbeatGraceSeconds);
        SetState(ConnectionState.Online);
        await stored.WriteStateAsync();
        metrics.Handshake(PeerId, "in-ack", "accepted");
        LogOnline(PeerId, "the CP acknowledged our handshake");
        await NotifySitesIfChangedAsync();
        await StartDueCallAsync();
        return InboundOutcome.Accepted;
    }

    /// <inheritdoc />
    public async Task<InboundOutcome> ReceiveHeartbeatAsync(DateTimeOffset offlineModeAt)
    {
        // While our acknowledge is on its way the CP may already count the connection up: its heartbeat is welcome.
        if (State.State != ConnectionState.Online && !AcknowledgeInFlight)
        {
            metrics.Heartbeat(PeerId, "in", "not-connected");
            return InboundOutcome.NotConnected;
        }
        State.TheirOfflineModeAt = offlineModeAt;
        State.LastHeartbeatReceivedAt = Now;
        State.Counters = State.Counters with { HeartbeatsReceived = State.Counters.HeartbeatsReceived + 1 };
        await stored.WriteStateAsync();
        metrics.Heartbeat(PeerId, "in", "accepted");
        return InboundOutcome.Accepted;
    }

    /// <inheritdoc />
    public async Task ReportNotConnectedAsync(string reason)
    {
        if (State.State != ConnectionState.Online) return;
        await GoOfflineAsync(reason);
        await NotifySitesIfChangedAsync();
        await StartDueCallAsync();
    }

    /// <inheritdoc />
    public async Task ReportCredentialsRejectedAsync(string error)
    {
        State.LastError = $"{Now:O} {error}";
        if (State.CredentialsRejected) return;
        State.CredentialsRejected = true;
        LogCredentialsRejected(PeerId);
        await stored.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task<PeerStatus> StartHandshakeAsync()
    {
        if (MayHandshake) handshakeRequested = true;
        await StartDueCallAsync();
        await NotifySitesIfChangedAsync();
        return await GetStatusAsync();
    }

    /// <inheritdoc />
    public Task<PeerStatus> GetStatusAsync() => Task.FromResult(PeerStatusView.Of(PeerId, Config, State, AcknowledgeInFlight));

    /// <inheritdoc />
    public Task<bool> AcceptsMessagesAsync() => Task.FromResult(State.State == ConnectionState.Online || AcknowledgeInFlight);

    /// <inheritdoc />
    public async Task TickAsync()
    {
        var now = Now;
        if (onWire is { } unanswered && slot.IsFree(out _))
        {
            // No answer in time, or it could not be reported back: handled like a call that failed without one, so
            // nothing waits on it for good (a handshake is retried after its back-off, a heartbeat when next due).
            await FinishCallAsync(unanswered, new OscpSendResult(OscpSendOutcome.Retryable, null, "", null, $"no answer reached the grain within {LostCallAfter.TotalSeconds:0} s"), answerLost: true);
        }

        if (State.PendingAcknowledgeFor is not null && State.PendingAcknowledgeSince + ConnectionRules.AcknowledgeTimeout < now)
        {
            // The CP's handshake is stale by now; start over with one of ours.
            State.PendingAcknowledgeFor = null;
            await GoOfflineAsync("could not acknowledge the CP's handshake in time");
        }
        else if (State.State == ConnectionState.Online
            && ConnectionRules.TheyWentSilent(ConnectionRules.SilenceDeadline(Config.ExpectHeartbeats, State.TheirOfflineModeAt), now))
        {
            await GoOfflineAsync($"heartbeat overdue: the CP's offline_mode_at {State.TheirOfflineModeAt:O} passed");
        }
        else if (State.State == ConnectionState.Online && ConnectionRules.TheyThinkWeAreOffline(State.OurOfflineModeAt, State.OurHeartbeatFailing, now))
        {
            await GoOfflineAsync($"none of our heartbeats was accepted before the offline_mode_at we announced ({State.OurOfflineModeAt:O}): the CP counts us offline");
        }
        else if (State.State == ConnectionState.Handshaking && State.OutstandingHandshakeSentAt + ConnectionRules.AcknowledgeTimeout < now)
        {
            State.HandshakeFailed(now, "no acknowledge of our handshake", Random.Shared.NextDouble());
            SetState(ConnectionState.Offline);
            await stored.WriteStateAsync();
        }

        await StartDueCallAsync();
        await NotifySitesIfChangedAsync();
    }
}
