using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Wire;

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
public sealed partial class SiteGrain(
    [PersistentState("site", FleetStorage.Name)] IPersistentState<SiteState> stored,
    [PersistentState("meter", FleetStorage.Name)] IPersistentState<SiteMeterRecord> meterRow,
    [PersistentState("outbox", FleetStorage.Name)] IPersistentState<SiteOutboxState> outboxRow,
    [FromKeyedServices(FleetClock.Key)] TimeProvider clock,
    IOptionsMonitor<OscpOptions> options,
    CsmsWebhookSender webhooks,
    OscpClient client,
    SiteMetrics metrics,
    ILogger<SiteGrain> logger) : Grain, ISiteGrain, IRemindable
{
    private SiteState State => stored.State;

    private string GroupId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private bool Exists => State.Definition is not null && !State.Disabled;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SchemaVersion > SiteState.CurrentSchemaVersion || meterRow.State.SchemaVersion > SiteMeterRecord.CurrentSchemaVersion
            || outboxRow.State.SchemaVersion > SiteOutboxState.CurrentSchemaVersion)
            throw new InvalidOperationException($"site state schema is newer than this build understands (site {SiteState.CurrentSchemaVersion}, meter {SiteMeterRecord.CurrentSchemaVersion}, outbox {SiteOutboxState.CurrentSchemaVersion})");
        if (State.Definition is not null)
        {
            metrics.SetState(GroupId, StateName());
            metrics.SetOutboxDepth(GroupId, State.Definition.PeerId, outboxRow.State.Queued.Count);
        }
        if (!Exists) return;
        var online = await PeerOnlineAsync(State.Definition!.PeerId);
        if (online != State.PeerOnline) await PeerStateChangedAsync(online);
        // After a restart or failover: whatever the outbox holds goes as soon as the connection allows.
        StartSendingIfDue();
    }

    /// <inheritdoc />
    public async Task<(bool Created, SiteView View)> UpsertAsync(SiteDefinition definition)
    {
        var created = State.Definition is null;
        var rebound = State.Definition?.PeerId != definition.PeerId;
        var resumed = created || State.Disabled;
        State.Definition = definition;
        State.Disabled = false;
        if (rebound)
        {
            // Forecasts of the previous peer do not bind the new one.
            State.Forecasts = SiteForecasts.Empty;
            State.AllZeroRequestIds = [];
            State.PeerOnline = await PeerOnlineAsync(definition.PeerId);
        }
        if (rebound && outboxRow.State.Queued.Count > 0)
        {
            // Messages about the old binding must not reach the new peer.
            LogOutboxDiscarded(GroupId, outboxRow.State.Queued.Count);
            outboxRow.State.Queued.Clear();
            await SaveOutboxAsync();
        }
        IssueIfChanged(receivedAt: null, force: created || rebound);
        await SaveAsync();
        if (resumed)
        {
            RestartMetering();
            await SaveMeterAsync();
        }
        await PublishAsync();
        await EnsureRenewalReminderAsync();
        reportReminderChecked = false;
        await EnsureReportReminderAsync();
        StartDeliveryIfDue();
        StartSendingIfDue();
        return (created, View());
    }

    /// <inheritdoc />
    public Task<SiteView?> GetAsync() => Task.FromResult(State.Definition is null ? null : View());

    /// <inheritdoc />
    public async Task<bool> DisableAsync()
    {
        if (State.Definition is null) return false;
        if (State.Disabled) return true;
        State.Disabled = true;
        await SaveAsync();
        await PublishAsync();
        await StopReportingAsync();
        LogDisabled(GroupId);
        return true;
    }

    /// <inheritdoc />
    public async Task<ForecastOutcome> ReceiveForecastAsync(string peerId, string requestId, UpdateGroupCapacityForecast forecast)
    {
        var receivedAt = Now;
        if (!Exists) return metrics.Forecast(peerId, ForecastOutcome.UnknownSite);
        var definition = State.Definition!;
        if (definition.PeerId != peerId) return metrics.Forecast(peerId, ForecastOutcome.WrongPeer);
        if (State.RecentRequestIds.Contains(requestId)) return metrics.Forecast(peerId, ForecastOutcome.Duplicate);

        // It came through the connection gate, so the peer is Online.
        State.PeerOnline = true;
        var connection = new ElectricalConnection(definition.NominalVoltage, definition.Phases);
        State.Forecasts = State.Forecasts.Apply(forecast.Type, forecast.ForecastedBlocks, connection, requestId).PruneBefore(receivedAt.AddHours(-1));
        if (ForecastProfile.IsAllZero(forecast.ForecastedBlocks)) State.AllZeroRequestIds.Add(requestId);
        var held = State.Forecasts.RequestIds();
        State.AllZeroRequestIds = [.. State.AllZeroRequestIds.Where(held.Contains)];
        State.RecentRequestIds.Add(requestId);
        if (State.RecentRequestIds.Count > SiteState.RememberedRequestIds) State.RecentRequestIds.RemoveAt(0);
        State.LatestForecastRequestId = requestId;
        State.LatestForecastAt = receivedAt;
        IssueIfChanged(receivedAt, force: false);
        await SaveAsync();
        LogForecast(GroupId, requestId, forecast.Type, forecast.ForecastedBlocks.Count, State.Current?.Version ?? 0);
        await PublishAsync();
        StartDeliveryIfDue();
        return metrics.Forecast(peerId, ForecastOutcome.Accepted);
    }

    /// <inheritdoc />
    public Task<LimitDocument?> GetLimitsAsync(DateTimeOffset? at)
    {
        if (!Exists) return Task.FromResult<LimitDocument?>(null);
        var when = at ?? Now;
        var version = State.Versions.LastOrDefault(v => v.IssuedAt <= when && v.Schedule.Any(s => s.Start <= when && when < s.End))
            ?? (at is null ? State.Current : State.Versions.LastOrDefault(v => v.Schedule.Any(s => s.Start <= when && when < s.End)));
        return Task.FromResult(version is null ? null : Document(version));
    }

    /// <inheritdoc />
    public async Task PeerStateChangedAsync(bool online)
    {
        if (!Exists || State.PeerOnline == online) return;
        State.PeerOnline = online;
        IssueIfChanged(receivedAt: Now, force: false);
        await SaveAsync();
        await PublishAsync();
        StartDeliveryIfDue();
        if (online)
        {
            // Back Online: whatever waited goes now, in order, without sitting out a back-off from the old connection.
            foreach (var message in outboxRow.State.Queued) message.NextAttemptAt = null;
        }
        StartSendingIfDue();
        if (OutboxStuck) await EnsureReminderAsync();
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync();

    private async Task<bool> PeerOnlineAsync(string peerId) =>
        options.CurrentValue.Peers.ContainsKey(peerId)
        && (await GrainFactory.GetGrain<IPeerGrain>(peerId).GetStatusAsync()).State == ConnectionState.Online;

    private async Task SaveAsync()
    {
        try
        {
            await stored.WriteStateAsync();
        }
        catch (Exception e) when (e is not StorageUnavailableException)
        {
            // What is in memory now was never stored: start over from storage on the next call.
            DeactivateOnIdle();
            LogStorageFailed(GroupId, e.GetType().Name);
            throw new StorageUnavailableException($"site {GroupId}: state could not be stored ({e.GetType().Name})");
        }
    }

    private Task PublishAsync()
    {
        var state = StateName();
        metrics.SetState(GroupId, state);
        return GrainFactory.GetGrain<ISiteIndexGrain>(SiteIndex.ShardOf(GroupId))
            .UpsertAsync(new SiteSummary(GroupId, State.Definition!.PeerId, state));
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Forget(GroupId);
        return Task.CompletedTask;
    }
}
