using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Outbound;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Outbox;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Reporting;
using OscpFleet.Oscp.Retry;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// The durable outbox: reports, adjustments and compliance errors are persisted before they are sent, go one at a
/// time while the peer is Online, and are removed only when the CP answered 204 (or refused them for good). Compliance
/// errors and adjustments go before reports, each class in its own order (<see cref="OutboxRules.NextToSend"/>).
/// The POST goes through an <see cref="OutboundSlot"/>, like the CSMS webhook.
/// </summary>
public sealed partial class SiteGrain
{
    /// <summary>How long an answer may stay away before the send is presumed lost (the client gives up after 30 s).</summary>
    private static readonly TimeSpan LostSendAfter = TimeSpan.FromMinutes(2);

    private readonly OutboundSlot outboxSlot = new(clock, LostSendAfter);

    /// <summary>The outbox message on the wire and its answer to come (see <see cref="FinishOutboxSendBeforeDeactivatingAsync"/>).</summary>
    private (long Id, Task<OscpSendResult> Answer)? outboxSending;

    /// <summary>
    /// Set once deactivation starts, or a write failed (the activation is asked to go: another may have written the row):
    /// nothing new is sent from an activation that is going away.
    /// </summary>
    private bool deactivating;

    /// <summary>A write of this activation failed: what it holds may be behind storage (another activation may have written).</summary>
    private bool writeFailed;

    /// <summary>This activation's own id in send claims (<see cref="SendClaims"/>).</summary>
    private readonly string activation = Guid.NewGuid().ToString("N");

    /// <summary>When this activation last read the outbox row again, held back by another activation's send claim.</summary>
    private DateTimeOffset claimReadAt = DateTimeOffset.MinValue;

    /// <summary>The other activation whose claim was last logged (once per claim, not once per look).</summary>
    private string? claimLogged;

    /// <summary>The longest a send takes once it left (the client's total timeout), plus a margin for clocks apart between silos.</summary>
    private TimeSpan LongestSend => clientOptions.CurrentValue.TotalTimeout + ClaimClockMargin;

    private static readonly TimeSpan ClaimClockMargin = TimeSpan.FromSeconds(5);

    private PeerOptions? PeerConfig =>
        State.Definition is { } definition && options.CurrentValue.Peers.TryGetValue(definition.PeerId, out var peer) ? peer : null;

    private bool OutboxWaiting => outboxRow.State.Queued.Count > 0;

    /// <summary>
    /// Messages wait for something other than an answer in flight: the peer is not Online, or a message failed and
    /// backs off (only the oldest of each class is ever sent, so a failed message is one of those). Only then is the one-minute reminder held (a failover must not strand them); on the happy path a
    /// report is answered within milliseconds, and should a silo die meanwhile the next report reminder resumes it.
    /// </summary>
    private bool OutboxStuck => OutboxWaiting && (!State.PeerOnline || outboxRow.State.Queued.Exists(m => m.Attempts > 0));

    /// <inheritdoc />
    public async Task OutboxSendFinishedAsync(long messageId, OscpSendResult result)
    {
        outboxSlot.Finish(messageId);
        // The answer is applied here: the activation need not hold it (nor its task) any longer.
        if (outboxSending?.Id == messageId) outboxSending = null;
        var outbox = outboxRow.State;
        var message = outbox.Queued.FirstOrDefault(m => m.Id == messageId);
        if (message is null) return;
        var peerId = State.Definition?.PeerId ?? "";
        var name = MessageName(message);
        switch (result.Outcome)
        {
            case OscpSendOutcome.Delivered:
                outbox.Queued.Remove(message);
                outbox.Sent++;
                metrics.OutboxSent(peerId, name);
                if (message.Report is { } report)
                {
                    metrics.ReportAccepted(Now - report.End);
                    RecordReportAccepted(report);
                }
                LogOutboxSent(GroupId, message.Id, name, result.RequestId);
                break;
            case OscpSendOutcome.Rejected:
                outbox.Queued.Remove(message);
                message.LastError = $"{result.StatusCode}: {result.ResponseBody ?? result.Error}";
                outbox.Rejected.Add(message);
                if (outbox.Rejected.Count > SiteOutboxState.KeptRejections) outbox.Rejected.RemoveAt(0);
                metrics.OutboxRejected(peerId, name);
                LogOutboxRejected(GroupId, message.Id, name, result.StatusCode, result.ResponseBody);
                break;
            default:
                message.Attempts++;
                message.LastError = result.StatusCode is { } status ? $"{result.Outcome} ({status}): {result.Error}" : $"{result.Outcome}: {result.Error}";
                message.NextAttemptAt = Now + Backoff.Outbox.Delay(message.Attempts, Random.Shared.NextDouble());
                LogOutboxFailed(GroupId, message.Id, name, message.LastError, message.NextAttemptAt);
                if (result.Outcome == OscpSendOutcome.NotConnected)
                {
                    // The CP wants a handshake first: the connection goes Offline and this message waits for it.
                    await GrainFactory.GetGrain<IPeerGrain>(peerId).ReportNotConnectedAsync($"the CP answered {result.StatusCode} to {name}: not connected");
                }
                else if (result.Outcome == OscpSendOutcome.Unauthorized)
                {
                    await GrainFactory.GetGrain<IPeerGrain>(peerId).ReportCredentialsRejectedAsync($"{name} of site {GroupId}: {message.LastError}");
                }
                break;
        }

        metrics.SetOutboxDepth(GroupId, peerId, outbox.Queued);
        await SaveOutboxAsync();
        await StartSendingIfDueAsync();
        if (OutboxStuck && !deactivating) await EnsureReminderAsync();
    }

    /// <summary>Adds a message (id and time set here) and applies the bound: the oldest reports go first, counted and logged.</summary>
    private OutboxMessage Enqueue(OutboxMessage message)
    {
        var outbox = outboxRow.State;
        message.Id = outbox.NextId++;
        message.CreatedAt = Now;
        if (message.Kind == OutboxKind.ComplianceError) outbox.LastComplianceErrorAt = Now;
        outbox.Queued.Add(message);
        var max = Math.Max(1, options.CurrentValue.Outbox.MaxMessagesPerSite);
        var dropped = OutboxRules.Trim(outbox.Queued, max, m => !IsUrgent(m), m => outboxSlot.IsFree(out _) || m.Id != outboxSlot.Key);
        if (dropped.Count > 0)
        {
            outbox.Dropped += dropped.Count;
            metrics.OutboxDropped(State.Definition!.PeerId, dropped.Count);
            LogOutboxDropped(GroupId, dropped.Count, max, dropped[0].Report?.Start);
        }

        metrics.SetOutboxDepth(GroupId, State.Definition!.PeerId, outbox.Queued);
        return message;
    }

    /// <summary>
    /// Sends the next message (<see cref="OutboxRules.NextToSend"/>: the oldest compliance error or adjustment if due,
    /// else the oldest report if due) when the peer is Online, nothing is on the wire and no other activation of the
    /// site holds the send claim (<see cref="SendClaims"/>). A message leaves only under this activation's stored claim:
    /// the write that queued it usually carries one (<see cref="ClaimForThisWrite"/>); otherwise a claim is stored first.
    /// </summary>
    /// <remarks>
    /// Never throws: its callers have already stored what they were asked to store (a queued message, a batch of meter
    /// values), so a failed claim write or read must not turn their answer into an error. The message stays queued, and
    /// the next tick (or the next activation, after a failed write) tries again.
    /// </remarks>
    private async Task StartSendingIfDueAsync()
    {
        try
        {
            await TryStartSendingAsync();
        }
        catch (StorageUnavailableException)
        {
            // A claim write failed: logged where it failed, and this activation goes.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogOutboxReadFailed(GroupId, e.GetType().Name);
        }
    }

    private async Task TryStartSendingAsync()
    {
        ArmTimerIfWatching();
        var read = false;
        for (var pass = 0; pass < 3; pass++)
        {
            if (SendableNext() is not { } head) return;
            var now = Now;
            switch (SendClaims.Decide(outboxRow.State.Claim, activation, head.Id, now, LongestSend, ClaimantGone(outboxRow.State.Claim)))
            {
                case SendDecision.Send:
                    Send(head, outboxRow.State.Claim!.At);
                    return;
                case SendDecision.ClaimFirst:
                    await SaveOutboxAsync();
                    break;
                default:
                    // Another activation of this site claimed the send (Orleans allows two for a moment while silos come and
                    // go): it may have a message on the wire. Look at the stored row again, at most once a tick: its answer
                    // stored, its claim run out or its silo declared dead, and this activation goes on.
                    if (read || now - claimReadAt < TickPeriod) return;
                    read = true;
                    claimReadAt = now;
                    var claim = outboxRow.State.Claim!;
                    if (claim.Activation != claimLogged)
                    {
                        claimLogged = claim.Activation;
                        LogSendClaimedElsewhere(GroupId, claim.MessageId, claim.At + SendClaims.Hold(LongestSend));
                    }
                    await outboxRow.ReadStateAsync();
                    metrics.SetOutboxDepth(GroupId, State.Definition!.PeerId, outboxRow.State.Queued);
                    break;
            }
        }
    }

    /// <summary>The message this activation would put on the wire now, if any: the peer Online, nothing on the wire.</summary>
    private OutboxMessage? SendableNext()
    {
        if (deactivating || !outboxSlot.IsFree(out var lost)) return null;
        if (lost is { } lostId) LogAnswerLost(GroupId, "outbox message", lostId);
        if (!Exists || !State.PeerOnline || outboxRow.State.Queued.Count == 0 || PeerConfig is null) return null;
        var next = NextIndex();
        return next < 0 ? null : outboxRow.State.Queued[next];
    }

    private int NextIndex()
    {
        var now = Now;
        return OutboxRules.NextToSend(outboxRow.State.Queued, IsUrgent, m => !(m.NextAttemptAt > now));
    }

    /// <summary>
    /// Sets the send claim an outbox write carries (<see cref="SendClaims.ForWrite"/>): this activation's, for the
    /// message it would send next, when it would send one now; none when it would not; the stored one while a message
    /// is on the wire or another activation's claim still binds.
    /// </summary>
    private void ClaimForThisWrite()
    {
        var outbox = outboxRow.State;
        var onWire = !outboxSlot.IsFree(out var lost);
        if (lost is { } lostId) LogAnswerLost(GroupId, "outbox message", lostId);
        outbox.Claim = SendClaims.ForWrite(
            outbox.Claim, activation, LocalSilo, onWire, onWire ? null : SendableNext()?.Id, Now, LongestSend, ClaimantGone(outbox.Claim));
    }

    /// <summary>This silo's address, as claims carry it.</summary>
    private string LocalSilo => localSilo ??= ServiceProvider.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    private string? localSilo;

    /// <summary>
    /// True when <paramref name="claim"/>'s silo has left the cluster (membership lists it dead): nothing of that silo
    /// is on the wire any more. A silo this one has not heard of yet (newer than its view) is not taken as gone.
    /// </summary>
    private bool ClaimantGone(SendClaim? claim)
    {
        if (claim?.Silo is not { } silo || silo == LocalSilo) return false;
        SiloAddress address;
        try
        {
            address = SiloAddress.FromParsableString(silo);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not a silo address this build can read: the claim's time alone decides.
            return false;
        }

        return ServiceProvider.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(address) == SiloStatus.Dead;
    }

    private void Send(OutboxMessage head, DateTimeOffset claimedAt)
    {
        var definition = State.Definition!;
        var peer = PeerConfig!;
        // A peer that uses Register is reached with its registration's token and URL, read when the message leaves.
        var endpoint = peer.UsesRegister() ? null : OscpPeerEndpoint.FromOptions(definition.PeerId, peer);
        var registration = GrainFactory.GetGrain<IPeerRegistrationGrain>(definition.PeerId);
        var self = Callbacks;
        var peerGrain = GrainFactory.GetGrain<IPeerGrain>(definition.PeerId);
        var groupId = GroupId;
        // Off the grain's scheduler: the site keeps taking forecasts and meter values while the CP answers.
        var outboundPacer = pacer;
        var longestSend = LongestSend;
        var outboundClock = clock;
        // A typed client for this send only (the factory pools the handlers): an idle site holds none.
        var oscp = ServiceProvider.GetRequiredService<OscpClient>();
        var answer = outboxSlot.Start(
            head.Id,
            async withdrawn =>
            {
                // Paced per CP (storm control): a fleet's queued reports released at once do not flood it. Until it has its
                // place, a deactivating site can withdraw it (it has not left, so it is sent again from the stored outbox).
                using var place = await outboundPacer.EnterAsync("peer:" + definition.PeerId, peer.MaxInFlight, withdrawn);
                // Its claim must outlive the send: after a long wait for its place, it goes back to be claimed again.
                if (!SendClaims.MayLeave(claimedAt, outboundClock.GetUtcNow(), longestSend))
                    return new OscpSendResult(OscpSendOutcome.Retryable, null, "", null, "not sent: its send claim ran out while it waited for its turn at the CP");
                return await SendAsync(
                    oscp, endpoint ?? await RegisteredEndpointAsync(registration, definition.PeerId, peer), peer.Profile ?? PeerProfile.Vector, groupId, definition.AssetId, head, peerGrain);
            },
            e => new OscpSendResult(OscpSendOutcome.Retryable, null, "", null, e.GetType().Name),
            result => self.OutboxSendFinishedAsync(head.Id, result),
            e => LogReportBackFailed(groupId, "outbox message", head.Id, e.GetType().Name));
        outboxSending = (head.Id, answer);
    }

    /// <summary>
    /// A graceful deactivation (a rolling restart, a rebalance, idle collection) with a message on the wire waits for the
    /// CP's answer and applies it here, so the outbox row is stored with the message gone before another activation
    /// loads it. Otherwise the answer's report-back would reach that new activation after it had already re-sent the
    /// message from storage: the CP would get the report twice. Bounded by Orleans' deactivation timeout.
    /// </summary>
    private async Task FinishOutboxSendBeforeDeactivatingAsync(CancellationToken cancellationToken)
    {
        await FinishOutboxSendAsync(cancellationToken);
        // Nothing of this activation's on the wire any more: its claim is let go, so the next activation sends at once
        // instead of waiting for the claim to run out. (Applying an answer stored the row without it already.)
        if (writeFailed || outboxRow.State.Claim?.Activation != activation || !outboxSlot.IsFree(out _)) return;
        outboxRow.State.Claim = null;
        try
        {
            await outboxRow.WriteStateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another activation wrote the row meanwhile (it holds the claim now), or storage is down: the claim runs out.
            LogStorageFailed(GroupId, e.GetType().Name);
        }
    }

    private async Task FinishOutboxSendAsync(CancellationToken cancellationToken)
    {
        if (outboxSending is not { } sending || outboxSlot.IsFree(out _) || outboxSlot.Key != sending.Id) return;
        // A message still waiting for its turn at the CP's pacer has not left: withdrawn, it stays queued in the stored
        // outbox and the next activation sends it. Only one on the wire is waited for. (A silo stopping while a fleet's
        // reports wait their turn would otherwise wait for all of them.)
        outboxSlot.Withdraw();
        try
        {
            var result = await sending.Answer.WaitAsync(cancellationToken);
            // Still ours (the report-back did not get in first): apply it, which stores the outbox row.
            if (!outboxSlot.IsFree(out _) && outboxSlot.Key == sending.Id) await OutboxSendFinishedAsync(sending.Id, result);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Withdrawn before it left, or out of time: the message stays queued; the next activation sends it (again, at
            // least once, if it was on the wire).
        }
    }

    private static async Task<OscpPeerEndpoint> RegisteredEndpointAsync(IPeerRegistrationGrain registration, string peerId, PeerOptions peer) =>
        await registration.GetEndpointAsync() is { Registered: true } registered
            ? OscpPeerEndpoint.FromRegistration(peerId, peer, registered.BaseUrl, registered.Token)
            : throw new InvalidOperationException($"peer '{peerId}' is not registered");

    private static async Task<OscpSendResult> SendAsync(OscpClient client, OscpPeerEndpoint endpoint, PeerProfile profile, string groupId, string assetId, OutboxMessage message, IPeerGrain peer)
    {
        switch (message.Kind)
        {
            case OutboxKind.Report when profile == PeerProfile.Vector:
                return await client.SendAsync(endpoint, MeasurementReports.ForVector(groupId, assetId, message.Report!));
            case OutboxKind.Report:
                // Plain OSCP: the energy style the CP's latest handshake asked for.
                var asked = MeasurementConfigurations.Parse((await peer.GetStatusAsync()).TheyAskedMeasurementConfiguration);
                return await client.SendAsync(endpoint, MeasurementReports.ForOscp(groupId, message.Report!, asked));
            case OutboxKind.Adjustment:
                return await client.SendAsync(endpoint, message.Adjustment!);
            default:
                return await client.SendAsync(endpoint, message.ComplianceError!, message.CorrelationId);
        }
    }

    /// <summary>Compliance errors and capacity requests go before reports (see <see cref="OutboxRules.NextToSend"/>).</summary>
    private static bool IsUrgent(OutboxMessage message) => message.Kind != OutboxKind.Report;

    private string MessageName(OutboxMessage message) => (message.Kind switch
    {
        OutboxKind.Report => MeasurementConfigurations.ReportMessage(PeerConfig?.Profile ?? PeerProfile.Vector),
        OutboxKind.Adjustment => OscpMessageKind.AdjustGroupCapacityForecast,
        _ => OscpMessageKind.GroupCapacityComplianceError,
    }).Path();
}
