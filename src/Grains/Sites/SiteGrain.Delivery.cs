using OscpFleet.Grains.Outbound;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Retry;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Pushing versions to the CSMS: the newest version only, one POST at a time through an <see cref="OutboundSlot"/>
/// (off the grain's scheduler, so the site keeps taking forecasts while a slow CSMS answers), retried with
/// <see cref="Backoff.Webhook"/> until a 2xx; and the CSMS's "applied" confirmations.
/// </summary>
/// <remarks>
/// The delivery marks (delivered version, attempts, back-off, last error) and the applied marks are not written on their
/// own: they ride on the site row's next write (the next forecast, a renewal, a connection change, deactivation), so a
/// forecast costs one Table write. Losing them to a crash is harmless by construction: a site that activates with its
/// newest version not confirmed applied sends it again (<see cref="RecoverMarksOnActivation"/>), the CSMS applies it
/// again (versions are idempotent) and confirms again; the apply allowance then counts from the reactivation. See
/// docs/decisions.md, "Sites and limits".
/// </remarks>
public sealed partial class SiteGrain
{
    /// <summary>
    /// The webhook's HTTP timeout is 10 s, and a storm may queue it behind its endpoint's cap (<see cref="OutboundPacer"/>)
    /// first; an answer missing for this long is presumed lost and the version sent again.
    /// </summary>
    private static readonly TimeSpan WebhookLostAfter = TimeSpan.FromSeconds(60);

    private readonly OutboundSlot webhookSlot = new(clock, WebhookLostAfter);

    /// <summary>Delivery or applied marks changed since the site row was last written.</summary>
    private bool marksUnsaved;

    /// <summary>The apply allowance of a version counts from its receipt, or from this activation if that is later.</summary>
    private DateTimeOffset allowanceFrom = DateTimeOffset.MinValue;

    /// <summary>
    /// This activation's own reference for the report-back of its outbound calls, made once: <c>AsReference</c> resolves
    /// the interface's grain interface type by reflection on every call (Orleans 10 keeps no cache).
    /// </summary>
    private ISiteCallbacks Callbacks => callbacks ??= this.AsReference<ISiteCallbacks>();

    private ISiteCallbacks? callbacks;

    private bool Undelivered => State.Current is { } current && State.DeliveredVersion < current.Version;

    /// <summary>
    /// When the oldest version the CSMS has not accepted was issued — not the newest one's time: while forecasts keep
    /// coming during a CSMS outage each supersedes the last, and the age must keep growing until one is accepted. Only the
    /// kept versions count (<see cref="SiteState.KeptVersions"/>), so after that many the age is at least the oldest kept.
    /// </summary>
    private DateTimeOffset UndeliveredSince() =>
        State.Versions.Where(v => v.Version > State.DeliveredVersion).Min(v => v.IssuedAt);

    private bool AwaitingApply => State.Current is { } current && State.AppliedVersion < current.Version && !State.ComplianceRisk;

    /// <inheritdoc />
    public async Task DeliveryFinishedAsync(long version, bool delivered, string? error)
    {
        webhookSlot.Finish(version);
        if (delivered)
        {
            if (version > State.DeliveredVersion)
            {
                State.DeliveredVersion = version;
                State.DeliveryError = null;
                State.DeliveryAttempts = 0;
                if (State.Versions.FirstOrDefault(v => v.Version == version)?.ReceivedAt is { } receivedAt)
                    metrics.Delivered(Now - receivedAt);
                LogDelivered(GroupId, version);
                marksUnsaved = true;
            }
        }
        else if (State.Current?.Version == version)
        {
            State.DeliveryAttempts++;
            State.DeliveryError = error;
            State.NextDeliveryAt = Now + Backoff.Webhook.Delay(State.DeliveryAttempts, Random.Shared.NextDouble());
            LogDeliveryFailed(GroupId, version, error, State.NextDeliveryAt);
            marksUnsaved = true;
            // The CSMS is failing: a reminder makes sure a failover does not leave the version waiting for a caller.
            await EnsureReminderAsync();
        }
        StartDeliveryIfDue();
    }

    /// <inheritdoc />
    public async Task<AppliedOutcome> MarkAppliedAsync(long version, string? csms = null)
    {
        if (State.Definition is null || State.Disabled) return AppliedOutcome.UnknownSite;
        if (!ServedBy(csms)) return AppliedOutcome.OtherCsms;
        var current = State.Current;
        if (current is null || version > current.Version) return AppliedOutcome.UnknownVersion;
        if (version <= State.AppliedVersion) return AppliedOutcome.Recorded;
        State.AppliedVersion = version;
        State.AppliedAt = Now;
        if (version == current.Version) State.ComplianceRisk = false;
        if (State.Versions.FirstOrDefault(v => v.Version == version) is { } applied)
        {
            metrics.Applied(Now - (applied.ReceivedAt ?? applied.IssuedAt));
            LimitTracing.Applied(LimitTracing.Recall(versionTraces, version), GroupId, version, Now - (applied.ReceivedAt ?? applied.IssuedAt));
            RecordVersionApplied(applied);
        }
        LogApplied(GroupId, version);
        marksUnsaved = true;
        return AppliedOutcome.Recorded;
    }

    /// <summary>
    /// On activation: a newest version not confirmed applied may have been confirmed before a crash took the unsaved
    /// marks with it. It is sent again (the CSMS applies it again and confirms), and its apply allowance counts from now.
    /// </summary>
    private void RecoverMarksOnActivation()
    {
        allowanceFrom = Now;
        if (State.Current is { } current && State.AppliedVersion < current.Version && State.DeliveredVersion > State.AppliedVersion)
        {
            State.DeliveredVersion = State.AppliedVersion;
            State.NextDeliveryAt = null;
        }
    }

    /// <summary>Posts the newest version if it is undelivered, due, and no webhook of this site is on the wire.</summary>
    private void StartDeliveryIfDue()
    {
        ArmTimerIfWatching();
        metrics.SetUndelivered(GroupId, State.Definition?.Csms ?? "", Exists && Undelivered ? UndeliveredSince() : null);
        if (!webhookSlot.IsFree(out var lost)) return;
        if (lost is { } lostVersion) LogAnswerLost(GroupId, "limit webhook", lostVersion);
        if (!Undelivered || State.NextDeliveryAt > Now) return;
        var version = State.Current!.Version;
        var body = LimitDocumentJson.Serialize(Document(State.Current));
        var endpoint = State.Definition!.Csms;
        var self = Callbacks;
        var groupId = GroupId;
        var trace = LimitTracing.Recall(versionTraces, version);
        webhookSlot.Start(
            version,
            _ => webhooks.SendAsync(endpoint, body, groupId, version, trace),
            e => new CsmsWebhookSender.Result(false, $"send failed ({e.GetType().Name})"),
            result => self.DeliveryFinishedAsync(version, result.Delivered, result.Error),
            e => LogReportBackFailed(groupId, "limit webhook", version, e.GetType().Name));
    }
}
