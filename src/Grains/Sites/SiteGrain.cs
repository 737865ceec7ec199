using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Outbound;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Wire;
using Orleans.Placement;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// One site. Forecasts are merged and persisted before the caller is answered; every change of the resulting schedule
/// becomes a limit version that is pushed to the CSMS (signed webhook, retried, newest only) and readable by pull.
/// Meter values are aggregated into measurement periods whose reports, like adjustments and compliance errors, go to
/// the CP through a durable outbox. Three rows: "site" (binding, forecasts, versions), "meter" (written per batch of
/// meter values) and "outbox".
/// The computation lives in <c>OscpFleet.Oscp</c>; this grain orchestrates state, storage and I/O.
/// </summary>
[GrainType("site")]
// Its state is stored as JSON, which Orleans cannot carry: a migration (a silo retiring) would fail and hold up the stop.
[Immovable]
public sealed partial class SiteGrain(
    [PersistentState("site", FleetStorage.Name)] IPersistentState<SiteState> stored,
    [PersistentState("meter", FleetStorage.Name)] IPersistentState<SiteMeterRecord> meterRow,
    [PersistentState("outbox", FleetStorage.Name)] IPersistentState<SiteOutboxState> outboxRow,
    [FromKeyedServices(FleetClock.Key)] TimeProvider clock,
    IOptionsMonitor<OscpOptions> options,
    IOptionsMonitor<OscpClientOptions> clientOptions,
    CsmsWebhookSender webhooks,
    OutboundPacer pacer,
    IMeterLog meterLog,
    SiteMetrics metrics,
    ILogger<SiteGrain> logger) : Grain, ISiteGrain, ISiteCallbacks, IRemindable
{
    private SiteState State => stored.State;

    /// <summary>The group id, one string per activation (the metrics and the registry keep it as their key).</summary>
    private string GroupId => groupId ??= this.GetPrimaryKeyString();

    private string? groupId;

    private DateTimeOffset Now => clock.GetUtcNow();

    private bool Exists => State.Definition is not null && !State.Disabled;

    /// <summary>The listing entry this activation last published to the registry (<see cref="PublishAsync"/>).</summary>
    private SiteSummary? published;

    /// <summary>
    /// True when a caller bound to the CSMS endpoint <paramref name="csms"/> may act on this (existing) site: its
    /// <c>csms</c> is that name, or the caller is unrestricted (null). Checked here, where the site's csms is in memory,
    /// so the gateway needs no extra read.
    /// </summary>
    private bool ServedBy(string? csms) => csms is null || string.Equals(csms, State.Definition?.Csms, StringComparison.Ordinal);

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SchemaVersion > SiteState.CurrentSchemaVersion || meterRow.State.SchemaVersion > SiteMeterRecord.CurrentSchemaVersion
            || outboxRow.State.SchemaVersion > SiteOutboxState.CurrentSchemaVersion)
            throw new InvalidOperationException($"site state schema is newer than this build understands (site {SiteState.CurrentSchemaVersion}, meter {SiteMeterRecord.CurrentSchemaVersion}, outbox {SiteOutboxState.CurrentSchemaVersion})");
        if (State.Definition is not null)
        {
            State.Definition = Shared(State.Definition);
            AdoptReportReminderOfOutboxRow();
            await ReplayMeterLogAsync();
            // The registry may have lost a coalesced listing change with a silo: tell it again (it ignores an equal entry).
            try
            {
                await PublishAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStorageFailed(GroupId, e.GetType().Name);
            }
            metrics.SetOutboxDepth(GroupId, State.Definition.PeerId, outboxRow.State.Queued);
            PublishMeterFeed();
        }
        if (!Exists) return;
        KeepSupersededInForceSpans();
        RecoverMarksOnActivation();
        await PeerLinkChangedAsync(await PeerLinkAsync(State.Definition!.PeerId));
        // After a restart or failover: an undelivered version goes out now, and whatever the outbox holds as soon as the
        // connection allows.
        StartDeliveryIfDue();
        await StartSendingIfDueAsync();
    }

    /// <inheritdoc />
    public async Task<(bool Created, SiteView View)> UpsertAsync(SiteDefinition definition)
    {
        var created = State.Definition is null;
        var rebound = State.Definition?.PeerId != definition.PeerId;
        var resumed = created || State.Disabled;
        State.Definition = Shared(definition);
        State.Disabled = false;
        if (rebound)
        {
            // Forecasts of the previous peer do not bind the new one.
            State.Forecasts = SiteForecasts.Empty;
            State.AllZeroRequestIds = [];
            var link = await PeerLinkAsync(definition.PeerId);
            State.PeerOnline = link.Online;
            State.ConnectionLost = link.LimitsLost;
        }
        if (rebound && outboxRow.State.Queued.Count > 0)
        {
            // Messages about the old binding must not reach the new peer.
            LogOutboxDiscarded(GroupId, outboxRow.State.Queued.Count);
            outboxRow.State.Queued.Clear();
            await SaveOutboxAsync();
        }
        IssueIfChanged(receivedAt: null, force: created || rebound);
        // A new site has no meter row yet and needs none: its open period starts at MeteringFrom, in the site row.
        var meterRowDue = resumed && RestartMetering();
        // The report reminder first, so that the site row written next notes it (one write for both).
        reportReminderChecked = false;
        await EnsureReportReminderAsync(save: false, verify: true);
        await SaveAsync();
        if (meterRowDue) await SaveMeterAsync();
        await PublishAsync();
        PublishMeterFeed();
        StartDeliveryIfDue();
        await StartSendingIfDueAsync();
        return (created, View());
    }

    /// <summary>
    /// The definition with its peer id, time zone and CSMS name interned: a handful of values that every site of a fleet
    /// repeats, held once per silo instead of once per site.
    /// </summary>
    private static SiteDefinition Shared(SiteDefinition definition) =>
        ReferenceEquals(definition.PeerId, string.IsInterned(definition.PeerId))
        && ReferenceEquals(definition.TimeZone, string.IsInterned(definition.TimeZone))
        && ReferenceEquals(definition.Csms, string.IsInterned(definition.Csms))
            ? definition
            : definition with { PeerId = string.Intern(definition.PeerId), TimeZone = string.Intern(definition.TimeZone), Csms = string.Intern(definition.Csms) };

    /// <inheritdoc />
    public Task<SiteView?> GetAsync() => Task.FromResult(State.Definition is null ? null : View());

    /// <inheritdoc />
    public async Task<bool> DisableAsync()
    {
        if (State.Definition is null) return false;
        if (State.Disabled) return true;
        State.Disabled = true;
        ForgetReportReminder();
        await SaveAsync();
        metrics.SetUndelivered(GroupId, State.Definition.Csms, null);
        PublishMeterFeed();
        await PublishAsync();
        await StopReportingAsync();
        LogDisabled(GroupId);
        return true;
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Its tick proves it registered (an activation otherwise assumes none: see reminderRegistered).
        if (reminderName == DeliveryReminder) reminderRegistered = true;
        // Sites onboarded before the report reminder took over renewals hold an hourly renewal reminder: dropped at its tick.
        if (reminderName == RenewalReminder && Exists && ReportPeriod <= RenewalPeriod
            && await this.GetReminder(RenewalReminder) is { } renewal)
        {
            await this.UnregisterReminder(renewal);
        }
        await TickAsync();
    }

    /// <summary>
    /// Tells the registry the site's listing entry. An entry equal to the one this activation last published is not sent
    /// again (the shard would ignore it): a site taking forecasts every 15 minutes makes no registry call for them. A new
    /// activation and a wake-up after a silo left (when a shard may have lost a coalesced change) publish again.
    /// </summary>
    private async Task PublishAsync()
    {
        var state = StateName();
        metrics.SetState(GroupId, state);
        metrics.SetOutboxDepth(GroupId, State.Definition!.PeerId, outboxRow.State.Queued);
        publishedRisks = Risks();
        var summary = new SiteSummary(GroupId, State.Definition!.PeerId, state, publishedRisks);
        if (summary == published) return;
        await GrainFactory.GetGrain<ISiteIndexGrain>(SiteIndex.ShardOf(GroupId)).UpsertAsync(summary);
        published = summary;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        deactivating = true;
        await FinishOutboxSendBeforeDeactivatingAsync(cancellationToken);
        metrics.Forget(GroupId);
        if (!marksUnsaved || State.Definition is null) return;
        try
        {
            // Idle collection, a graceful shutdown or a rebalance: keep the marks (losing them would only cost a resend).
            await stored.WriteStateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStorageFailed(GroupId, e.GetType().Name);
        }
    }
}
