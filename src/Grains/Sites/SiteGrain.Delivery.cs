using OscpFleet.Oscp.Limits;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Pushing versions to the CSMS: the newest version only, retried with back-off until a 2xx. The POST runs off the
/// grain (the site keeps taking forecasts meanwhile) and reports back through a grain call. While a version is
/// undelivered or unconfirmed, or the outbox holds messages for an Online peer, a one-second timer watches it, and a
/// one-minute reminder (also while the outbox waits for an Offline peer) makes sure a silo failover never strands it.
/// </summary>
public sealed partial class SiteGrain
{
    private const string DeliveryReminder = "site-delivery";

    /// <summary>
    /// Hourly, for as long as the site exists: renews the schedule before less than 12 hours remain even when no
    /// forecast arrives (peer offline, base DOE in force) and wakes the site after a failover.
    /// </summary>
    private const string RenewalReminder = "site-renewal";
    private static readonly TimeSpan RenewalPeriod = TimeSpan.FromHours(1);
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan PeerRecheckPeriod = TimeSpan.FromSeconds(30);

    private IGrainTimer? deliveryTimer;
    private DateTimeOffset peerCheckedAt = DateTimeOffset.MinValue;
    private long? inFlight;
    private bool? reminderRegistered;

    private bool Undelivered => State.Current is { } current && State.DeliveredVersion < current.Version;

    private bool AwaitingApply => State.Current is { } current && State.AppliedVersion < current.Version && !State.ComplianceRisk;

    /// <inheritdoc />
    public async Task TickAsync()
    {
        if (!Exists)
        {
            await StopWatchingAsync();
            if (await this.GetReminder(RenewalReminder) is { } renewal) await this.UnregisterReminder(renewal);
            await StopReportingAsync();
            return;
        }
        var now = Now;
        await EnsureReportReminderAsync();
        await CloseDuePeriodsAsync();
        if (OutboxWaiting && !State.PeerOnline && now - peerCheckedAt >= PeerRecheckPeriod)
        {
            // Messages wait for the connection: make sure a lost "back Online" notice cannot strand them.
            peerCheckedAt = now;
            if (await PeerOnlineAsync(State.Definition!.PeerId)) await PeerStateChangedAsync(true);
        }
        if (State.Current is { } current && LimitSchedules.NeedsRenewal(current.Schedule, now, MinimumAhead) && IssueIfChanged(null, force: false))
        {
            await SaveAsync();
        }
        if (AwaitingApply && State.Current is { } pending
            && (pending.ReceivedAt ?? pending.IssuedAt) + TimeSpan.FromSeconds(options.CurrentValue.Compliance.ApplyAllowanceSeconds) < now)
        {
            State.ComplianceRisk = true;
            metrics.ApplyLate();
            LogApplyLate(GroupId, pending.Version, options.CurrentValue.Compliance.ApplyAllowanceSeconds);
            await SaveAsync();
        }
        StartDeliveryIfDue();
        StartSendingIfDue();
        if (Undelivered || OutboxStuck) await EnsureReminderAsync();
        else if (!AwaitingApply && !OutboxWaiting) await StopWatchingAsync();
    }

    /// <inheritdoc />
    public async Task ReportDeliveryAsync(long version, bool delivered, string? error)
    {
        if (inFlight == version) inFlight = null;
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
            State.NextDeliveryAt = Now + RetryDelay(State.DeliveryAttempts);
            LogDeliveryFailed(GroupId, version, error, State.NextDeliveryAt);
            await SaveAsync();
            await EnsureReminderAsync();
        }
        StartDeliveryIfDue();
    }

    /// <inheritdoc />
    public async Task<AppliedOutcome> MarkAppliedAsync(long version)
    {
        if (State.Definition is null || State.Disabled) return AppliedOutcome.UnknownSite;
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

    private void StartDeliveryIfDue()
    {
        ArmTimerIfWatching();
        if (inFlight is not null || !Undelivered || State.NextDeliveryAt > Now) return;
        var current = State.Current!;
        var body = LimitDocumentJson.Serialize(Document(current));
        var endpoint = State.Definition!.Csms;
        var self = this.AsReference<ISiteGrain>();
        inFlight = current.Version;
        // Off the grain's scheduler: the site keeps serving forecasts while the CSMS answers.
        _ = Task.Run(async () =>
        {
            var result = await webhooks.SendAsync(endpoint, body);
            await self.ReportDeliveryAsync(current.Version, result.Delivered, result.Error);
        });
    }

    private void ArmTimerIfWatching()
    {
        if (deliveryTimer is not null || !(Undelivered || AwaitingApply || (OutboxWaiting && State.PeerOnline))) return;
        deliveryTimer = this.RegisterGrainTimer(_ => TickAsync(), new object(), new GrainTimerCreationOptions
        {
            DueTime = TickPeriod,
            Period = TickPeriod,
            Interleave = false,
            KeepAlive = true,
        });
    }

    private async Task EnsureReminderAsync()
    {
        reminderRegistered ??= await this.GetReminder(DeliveryReminder) is not null;
        if (reminderRegistered == true) return;
        await this.RegisterOrUpdateReminder(DeliveryReminder, ReminderPeriod, ReminderPeriod);
        reminderRegistered = true;
    }

    private async Task EnsureRenewalReminderAsync()
    {
        // Registering rewrites the row and resets its schedule: only when it is missing.
        if (await this.GetReminder(RenewalReminder) is null)
            await this.RegisterOrUpdateReminder(RenewalReminder, RenewalPeriod, RenewalPeriod);
    }

    private async Task StopWatchingAsync()
    {
        deliveryTimer?.Dispose();
        deliveryTimer = null;
        if (reminderRegistered != false && await this.GetReminder(DeliveryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        reminderRegistered = false;
    }

    private static TimeSpan RetryDelay(int attempts)
    {
        var seconds = Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Min(attempts - 1, 10)));
        return TimeSpan.FromSeconds(seconds * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
