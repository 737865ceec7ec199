using OscpFleet.Grains.Outbound;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Retry;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Pushing versions to the CSMS: the newest version only, one POST at a time through an <see cref="OutboundSlot"/>
/// (off the grain's scheduler, so the site keeps taking forecasts while a slow CSMS answers), retried with
/// <see cref="Backoff.Webhook"/> until a 2xx; and the CSMS's "applied" confirmations.
/// </summary>
public sealed partial class SiteGrain
{
    /// <summary>The webhook's HTTP timeout is 10 s; an answer missing for this long is presumed lost and the version sent again.</summary>
    private static readonly TimeSpan WebhookLostAfter = TimeSpan.FromSeconds(30);

    private readonly OutboundSlot webhookSlot = new(clock, WebhookLostAfter);

    private bool Undelivered => State.Current is { } current && State.DeliveredVersion < current.Version;

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
                await SaveAsync();
            }
        }
        else if (State.Current?.Version == version)
        {
            State.DeliveryAttempts++;
            State.DeliveryError = error;
            State.NextDeliveryAt = Now + Backoff.Webhook.Delay(State.DeliveryAttempts, Random.Shared.NextDouble());
            LogDeliveryFailed(GroupId, version, error, State.NextDeliveryAt);
            await SaveAsync();
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
            metrics.Applied(Now - (applied.ReceivedAt ?? applied.IssuedAt));
        LogApplied(GroupId, version);
        await SaveAsync();
        return AppliedOutcome.Recorded;
    }

    /// <summary>Posts the newest version if it is undelivered, due, and no webhook of this site is on the wire.</summary>
    private void StartDeliveryIfDue()
    {
        ArmTimerIfWatching();
        if (!webhookSlot.IsFree(out var lost)) return;
        if (lost is { } lostVersion) LogAnswerLost(GroupId, "limit webhook", lostVersion);
        if (!Undelivered || State.NextDeliveryAt > Now) return;
        var version = State.Current!.Version;
        var body = LimitDocumentJson.Serialize(Document(State.Current));
        var endpoint = State.Definition!.Csms;
        var self = this.AsReference<ISiteCallbacks>();
        var groupId = GroupId;
        webhookSlot.Start(
            version,
            () => webhooks.SendAsync(endpoint, body),
            e => new CsmsWebhookSender.Result(false, $"send failed ({e.GetType().Name})"),
            result => self.DeliveryFinishedAsync(version, result.Delivered, result.Error),
            e => LogReportBackFailed(groupId, "limit webhook", version, e.GetType().Name));
    }
}
