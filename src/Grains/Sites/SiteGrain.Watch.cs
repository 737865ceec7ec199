using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Reporting;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// What keeps the site moving without a caller: <see cref="TickAsync"/> does whatever is due. While a version is
/// undelivered or unconfirmed, or the outbox holds messages for an Online peer, a one-second timer calls it; a
/// one-minute reminder (also while the outbox waits for an Offline peer) makes sure a silo failover never strands
/// them; the report reminder (every report period) also renews the schedule of an idle site, with an hourly renewal
/// reminder beside it only when the report period is longer than an hour.
/// </summary>
public sealed partial class SiteGrain
{
    private const string DeliveryReminder = "site-delivery";

    /// <summary>
    /// Hourly, for as long as the site exists, when its report period is longer than that: renews the schedule before
    /// less than 12 hours remain even when no forecast arrives (peer offline, base DOE in force) and wakes the site after
    /// a failover. With a report period of an hour or less the report reminder's tick does both, and this one is not kept.
    /// </summary>
    private const string RenewalReminder = "site-renewal";
    private static readonly TimeSpan RenewalPeriod = TimeSpan.FromHours(1);
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PeerRecheckPeriod = TimeSpan.FromSeconds(30);

    private IGrainTimer? deliveryTimer;

    /// <summary>
    /// Armed when the site is woken after a silo left the cluster (<see cref="WakeAsync"/>): for the rest of the
    /// activation a timer ticks at each of its report closes as well as the report reminder. A reminder tick due while
    /// its range moves between silos (a rolling restart, a silo lost) is skipped by Orleans, which would leave that
    /// period's report a whole period late; <see cref="CatchUpAfterActivation"/> covers a close missed meanwhile.
    /// </summary>
    private IGrainTimer? reportTimer;
    private DateTimeOffset peerCheckedAt = DateTimeOffset.MinValue;
    /// <summary>
    /// Whether this site's delivery reminder is registered, as far as this activation knows. It registers the reminder
    /// only while a webhook keeps failing or the outbox is stuck, so an activation starts from "none" without reading the
    /// reminder table (a read per activation, thousands at once after a silo is lost). One registered by an earlier
    /// activation still ticks: its tick sets this (<see cref="ReceiveReminder"/>), and the tick then unregisters it if
    /// nothing needs it any more, a minute late at most.
    /// </summary>
    private bool reminderRegistered;

    /// <inheritdoc />
    public async Task TickAsync()
    {
        if (!Exists)
        {
            await StopWatchingAsync();
            if (await this.GetReminder(RenewalReminder) is { } renewal) await this.UnregisterReminder(renewal);
            await StopReportingAsync();
            reportTimer?.Dispose();
            reportTimer = null;
            return;
        }
        var now = Now;
        await EnsureReportReminderAsync();
        await CloseDuePeriodsAsync();
        if (OutboxWaiting && !State.PeerOnline && now - peerCheckedAt >= PeerRecheckPeriod)
        {
            // Messages wait for the connection: make sure a lost "back Online" notice cannot strand them.
            peerCheckedAt = now;
            await PeerLinkChangedAsync(await PeerLinkAsync(State.Definition!.PeerId));
        }
        if (State.Current is { } current && LimitSchedules.NeedsRenewal(current.Schedule, now, LimitSchedules.MinimumAhead) && IssueIfChanged(null, force: false))
        {
            await SaveAsync();
        }
        if (AwaitingApply && State.Current is { } pending
            && Max(pending.ReceivedAt ?? pending.IssuedAt, allowanceFrom) + TimeSpan.FromSeconds(options.CurrentValue.Compliance.ApplyAllowanceSeconds) < now)
        {
            State.ComplianceRisk = true;
            metrics.ApplyLate();
            LogApplyLate(GroupId, pending.Version, options.CurrentValue.Compliance.ApplyAllowanceSeconds);
            await SaveAsync();
        }
        StartDeliveryIfDue();
        await StartSendingIfDueAsync();
        await PublishIfRisksChangedAsync();
        if (Undelivered || OutboxStuck)
        {
            // The timer keeps ticking. A webhook merely on the wire needs no reminder as well (a silo loss wakes every
            // site: SiteWakeUp); a failing CSMS or a stuck outbox does, in case the site is left alone for long.
            if (State.DeliveryAttempts > 0 || OutboxStuck) await EnsureReminderAsync();
        }
        else if (!AwaitingApply && !OutboxWaiting) await StopWatchingAsync();
    }

    /// <inheritdoc />
    public async Task WakeAsync()
    {
        // A silo left: the registry shard may have been on it and lost a coalesced change; publish again next time.
        published = null;
        if (!Exists) return;
        StartDeliveryIfDue();
        await StartSendingIfDueAsync();
        // A silo left: reminder ranges are moving between silos, and a tick due meanwhile is skipped by Orleans.
        ArmReportTimer();
        CatchUpAfterActivation();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void ArmReportTimer()
    {
        if (reportTimer is not null || !Exists) return;
        var due = ReportSpread.NextSendAt(Now, ReportPeriod, CloseDelay) - Now;
        reportTimer = this.RegisterGrainTimer(_ => TickAsync(), new object(), new GrainTimerCreationOptions
        {
            DueTime = due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Period = ReportPeriod,
            Interleave = false,
            KeepAlive = false,
        });
    }

    /// <summary>
    /// On a wake-up after a silo left: one tick at once, so a period that closed while the site had no activation (or
    /// whose reminder tick was skipped) is reported now rather than at the next reminder tick.
    /// </summary>
    private void CatchUpAfterActivation()
    {
        if (!Exists) return;
        this.RegisterGrainTimer(_ => TickAsync(), new object(), new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = false,
            KeepAlive = false,
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
        if (reminderRegistered) return;
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
        if (reminderRegistered && await this.GetReminder(DeliveryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        reminderRegistered = false;
    }
}
