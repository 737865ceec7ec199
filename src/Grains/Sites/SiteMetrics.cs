using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Site metrics (meter <c>OscpFleet.Sites</c>): forecasts received by peer and outcome, limit versions by reason,
/// receipt → webhook and receipt → applied latency, versions applied late, webhook attempts, outbox and meter-feed
/// health. Gauges named "active" or observed per site describe the sites active on this silo (each site is active on
/// one silo at a time, so a sum over silos is the cluster's); cluster-wide site counts come from the registry
/// (<see cref="RegistryMetrics"/>).
/// </summary>
public sealed class SiteMetrics : IDisposable
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "OscpFleet.Sites";

    private readonly Meter meter;
    private readonly Counter<long> forecasts;
    private readonly Counter<long> versions;
    private readonly Counter<long> applyLate;
    private readonly Histogram<double> toWebhook;
    private readonly Histogram<double> toApplied;
    private readonly Counter<long> meterSamples;
    private readonly Counter<long> periodsClosed;
    private readonly Counter<long> outboxSent;
    private readonly Counter<long> outboxRejected;
    private readonly Counter<long> outboxDropped;
    private readonly Counter<long> complianceErrors;
    private readonly Histogram<double> reportDelay;
    private readonly ConcurrentDictionary<string, string> states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Peer, int Depth, DateTimeOffset Oldest)> outboxDepths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Csms, DateTimeOffset IssuedAt)> undelivered = new(StringComparer.Ordinal);

    /// <summary>Every peer and CSMS endpoint a site of this silo was bound to: their series read 0 rather than vanish when no site holds an entry.</summary>
    private readonly ConcurrentDictionary<string, bool> peersSeen = new(StringComparer.Ordinal), csmsSeen = new(StringComparer.Ordinal);
    private readonly Counter<long> webhookAttempts;
    private readonly Counter<long> webhookFailures;
    private readonly ConcurrentDictionary<string, (string Csms, DateTimeOffset StaleAt)> meterFeeds = new(StringComparer.Ordinal);
    private readonly Counter<long> meterGlitches;
    private readonly Counter<long> reportsIncomplete;
    private readonly Counter<double> energyDropped;
    private readonly TimeProvider clock;

    /// <summary>Creates the instruments on the host's meter factory.</summary>
    public SiteMetrics(IMeterFactory meters, [FromKeyedServices(FleetClock.Key)] TimeProvider clock)
    {
        this.clock = clock;
        meter = meters.Create(MeterName);
        reportsIncomplete = meter.CreateCounter<long>("oscpfleet.reports.incomplete", description: "Periods reported at the end of their wait with a charger's data missing, by CSMS endpoint");
        meterGlitches = meter.CreateCounter<long>("oscpfleet.meter.glitches", description: "Meter readings ignored as glitches (a register that went down without a reset)");
        energyDropped = meter.CreateCounter<double>("oscpfleet.meter.energy_dropped", unit: "Wh", description: "Energy not reported because a charger could not plausibly have used it, by CSMS endpoint");
        meter.CreateObservableGauge("oscpfleet.sites.meter_feed_stale", ObserveStaleFeeds, description: "Sites active on this silo without a meter sample for two report periods, by CSMS endpoint");
        forecasts = meter.CreateCounter<long>("oscpfleet.forecasts.received", description: "Capacity forecasts by peer and outcome");
        versions = meter.CreateCounter<long>("oscpfleet.limit_versions.issued", description: "Limit versions by reason");
        applyLate = meter.CreateCounter<long>("oscpfleet.limit_versions.applied_late", description: "Versions not applied within the allowance");
        toWebhook = meter.CreateHistogram<double>("oscpfleet.limit.receipt_to_webhook", unit: "s", description: "Forecast receipt to the CSMS accepting the webhook");
        toApplied = meter.CreateHistogram<double>("oscpfleet.limit.receipt_to_applied", unit: "s", description: "Forecast receipt to the CSMS confirming applied");
        meterSamples = meter.CreateCounter<long>("oscpfleet.meter_samples", description: "Meter samples by outcome (accepted, duplicate, late)");
        periodsClosed = meter.CreateCounter<long>("oscpfleet.reports.periods_closed", description: "Measurement periods closed into reports");
        outboxSent = meter.CreateCounter<long>("oscpfleet.outbox.sent", description: "Outbox messages the CP accepted, by peer and message");
        outboxRejected = meter.CreateCounter<long>("oscpfleet.outbox.rejected", description: "Outbox messages the CP refused (4xx), by peer and message");
        outboxDropped = meter.CreateCounter<long>("oscpfleet.outbox.dropped", description: "Reports dropped because a site's outbox was full, by peer");
        complianceErrors = meter.CreateCounter<long>("oscpfleet.compliance_errors", description: "Compliance errors queued, by peer and origin (detected, reported)");
        reportDelay = meter.CreateHistogram<double>("oscpfleet.report.period_end_to_accepted", unit: "s", description: "End of a measurement period to the CP accepting its report");
        meter.CreateObservableGauge("oscpfleet.outbox.depth", ObserveOutboxDepth, description: "Messages waiting in the outboxes of the sites active on this silo, by peer (sum over silos for the cluster)");
        meter.CreateObservableGauge("oscpfleet.outbox.oldest_age", ObserveOutboxAge, unit: "s", description: "Age of the oldest message waiting in an outbox of a site active on this silo, by peer (max over silos for the cluster)");
        meter.CreateObservableGauge("oscpfleet.sites.active", ObserveStates, description: "Sites active on this silo by the source of their limit (the cluster-wide count is oscpfleet.sites, from the registry)");
        meter.CreateObservableGauge("oscpfleet.sites.undelivered", ObserveUndelivered, description: "Sites active on this silo whose newest limit version the CSMS has not accepted yet, by CSMS endpoint (sum over silos for the cluster)");
        meter.CreateObservableGauge("oscpfleet.limit.undelivered_age", ObserveUndeliveredAge, unit: "s", description: "Age of the oldest limit version not yet accepted by the CSMS, by CSMS endpoint (max over silos for the cluster)");
        webhookAttempts = meter.CreateCounter<long>("oscpfleet.webhook.attempts", description: "Limit webhook POSTs to a CSMS, by CSMS endpoint and outcome (delivered, failed)");
        webhookFailures = meter.CreateCounter<long>("oscpfleet.webhook.failures", description: "Limit webhook POSTs that failed, by CSMS endpoint and reason (http_4xx, http_5xx, timeout, transport, not_configured)");
    }

    /// <summary>Entries held for sites in the outbox and undelivered series (for tests: a site with nothing to report holds none).</summary>
    internal int SitesHeld => outboxDepths.Count + undelivered.Count;

    /// <summary>Records the state of a site active on this silo.</summary>
    public void SetState(string groupId, string state) => states[groupId] = state;

    /// <summary>The site left this silo; another silo reports it now.</summary>
    public void Forget(string groupId)
    {
        states.TryRemove(groupId, out _);
        outboxDepths.TryRemove(groupId, out _);
        meterFeeds.TryRemove(groupId, out _);
        undelivered.TryRemove(groupId, out _);
    }

    /// <summary>
    /// Starts the failure counters of every configured peer and CSMS endpoint at zero, so the first failure is an
    /// increase an alert sees (a series that first appears at 1 shows no increase).
    /// </summary>
    public void InitializeSeries(IEnumerable<string> peers, IEnumerable<string> csmsEndpoints)
    {
        applyLate.Add(0);
        foreach (var peer in peers) outboxDropped.Add(0, new KeyValuePair<string, object?>("peer", peer));
        foreach (var csms in csmsEndpoints)
        {
            var endpoint = new KeyValuePair<string, object?>("csms", csms);
            webhookAttempts.Add(0, endpoint, new("outcome", "delivered"));
            webhookAttempts.Add(0, endpoint, new("outcome", "failed"));
            reportsIncomplete.Add(0, endpoint);
        }
    }

    /// <summary>
    /// Records whether a site active on this silo has a limit version the CSMS has not accepted (null: none; the site
    /// still counts towards its endpoint's series, so they read 0 rather than vanish).
    /// </summary>
    public void SetUndelivered(string groupId, string csms, DateTimeOffset? issuedAt)
    {
        if (csms.Length > 0) csmsSeen.TryAdd(csms, true);
        // Only a site with something undelivered holds an entry; the endpoint's series come from csmsSeen otherwise.
        if (csms.Length > 0 && issuedAt is { } at) undelivered[groupId] = (csms, at);
        else undelivered.TryRemove(groupId, out _);
    }

    /// <summary>Counts one webhook POST; <paramref name="failure"/> is null when the CSMS accepted it.</summary>
    public void WebhookAttempt(string csms, string? failure)
    {
        var endpoint = new KeyValuePair<string, object?>("csms", csms);
        webhookAttempts.Add(1, endpoint, new("outcome", failure is null ? "delivered" : "failed"));
        if (failure is not null) webhookFailures.Add(1, endpoint, new("reason", failure));
    }

    private IEnumerable<Measurement<int>> ObserveUndelivered()
    {
        var counts = csmsSeen.Keys.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var u in undelivered.Values) counts[u.Csms] = counts.GetValueOrDefault(u.Csms) + 1;
        return counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("csms", c.Key)));
    }

    private IEnumerable<Measurement<double>> ObserveUndeliveredAge()
    {
        var now = clock.GetUtcNow();
        var ages = csmsSeen.Keys.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal);
        foreach (var u in undelivered.Values) ages[u.Csms] = Math.Max(ages.GetValueOrDefault(u.Csms), Math.Max(0, (now - u.IssuedAt).TotalSeconds));
        return ages.Select(a => new Measurement<double>(a.Value, new KeyValuePair<string, object?>("csms", a.Key)));
    }

    /// <summary>Records when a site's meter feed goes stale (no sample for two periods); null forgets the site (disabled).</summary>
    public void SetMeterFeed(string groupId, string csms, DateTimeOffset? staleAt)
    {
        if (staleAt is { } at) meterFeeds[groupId] = (csms, at);
        else meterFeeds.TryRemove(groupId, out _);
    }

    private IEnumerable<Measurement<int>> ObserveStaleFeeds()
    {
        var now = clock.GetUtcNow();
        return meterFeeds.Values.GroupBy(f => f.Csms, StringComparer.Ordinal)
            .Select(g => new Measurement<int>(g.Count(f => f.StaleAt < now), new KeyValuePair<string, object?>("csms", g.Key)));
    }

    /// <summary>Counts a period reported incomplete.</summary>
    public void ReportIncomplete(string csms) => reportsIncomplete.Add(1, new KeyValuePair<string, object?>("csms", csms));

    /// <summary>Counts meter readings ignored as glitches.</summary>
    public void MeterGlitches(int count) => meterGlitches.Add(count);

    /// <summary>Counts energy dropped as implausible, by CSMS endpoint.</summary>
    public void EnergyDropped(string csms, double wh) => energyDropped.Add(wh, new KeyValuePair<string, object?>("csms", csms));

    /// <summary>
    /// Records how many messages a site active on this silo holds in its outbox, and when the oldest was queued. Only a
    /// site with messages holds an entry; the peer's series read 0 when none does.
    /// </summary>
    public void SetOutboxDepth(string groupId, string peerId, IReadOnlyList<OutboxMessage> queued)
    {
        peersSeen.TryAdd(peerId, true);
        if (queued.Count == 0)
        {
            outboxDepths.TryRemove(groupId, out _);
            return;
        }
        var oldest = queued[0].CreatedAt;
        foreach (var message in queued)
            if (message.CreatedAt < oldest) oldest = message.CreatedAt;
        outboxDepths[groupId] = (peerId, queued.Count, oldest);
    }

    private IEnumerable<Measurement<long>> ObserveOutboxDepth()
    {
        var depths = peersSeen.Keys.ToDictionary(p => p, _ => 0L, StringComparer.Ordinal);
        foreach (var d in outboxDepths.Values) depths[d.Peer] = depths.GetValueOrDefault(d.Peer) + d.Depth;
        return depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("peer", d.Key)));
    }

    private IEnumerable<Measurement<double>> ObserveOutboxAge()
    {
        var now = clock.GetUtcNow();
        var ages = peersSeen.Keys.ToDictionary(p => p, _ => 0.0, StringComparer.Ordinal);
        foreach (var d in outboxDepths.Values) ages[d.Peer] = Math.Max(ages.GetValueOrDefault(d.Peer), Math.Max(0, (now - d.Oldest).TotalSeconds));
        return ages.Select(a => new Measurement<double>(a.Value, new KeyValuePair<string, object?>("peer", a.Key)));
    }

    /// <summary>Counts a batch's samples by outcome.</summary>
    public void MeterSamples(int accepted, int duplicates, int late)
    {
        if (accepted > 0) meterSamples.Add(accepted, new KeyValuePair<string, object?>("outcome", "accepted"));
        if (duplicates > 0) meterSamples.Add(duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        if (late > 0) meterSamples.Add(late, new KeyValuePair<string, object?>("outcome", "late"));
    }

    /// <summary>Counts closed measurement periods.</summary>
    public void PeriodsClosed(int count) => periodsClosed.Add(count);

    /// <summary>Counts a message the CP accepted.</summary>
    public void OutboxSent(string peerId, string message) => outboxSent.Add(1, new("peer", peerId), new("message", message));

    /// <summary>Counts a message the CP refused.</summary>
    public void OutboxRejected(string peerId, string message) => outboxRejected.Add(1, new("peer", peerId), new("message", message));

    /// <summary>Counts reports dropped from a full outbox.</summary>
    public void OutboxDropped(string peerId, int count) => outboxDropped.Add(count, new KeyValuePair<string, object?>("peer", peerId));

    /// <summary>Counts a compliance error queued.</summary>
    public void ComplianceError(string peerId, string origin) => complianceErrors.Add(1, new("peer", peerId), new("origin", origin));

    /// <summary>Records a period's end → its report accepted by the CP.</summary>
    public void ReportAccepted(TimeSpan delay) => reportDelay.Record(delay.TotalSeconds);

    private IEnumerable<Measurement<int>> ObserveStates() =>
        states.Values.GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("state", g.Key)));

    /// <summary>Counts a forecast and passes its outcome through.</summary>
    public ForecastOutcome Forecast(string peerId, ForecastOutcome outcome)
    {
        forecasts.Add(1, new("peer", peerId), new("outcome", outcome.ToString()));
        return outcome;
    }

    /// <summary>Counts a version.</summary>
    public void VersionIssued(string reason) => versions.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Records receipt → webhook.</summary>
    public void Delivered(TimeSpan latency) => toWebhook.Record(latency.TotalSeconds);

    /// <summary>Records receipt → applied.</summary>
    public void Applied(TimeSpan latency) => toApplied.Record(latency.TotalSeconds);

    /// <summary>Counts a version applied late.</summary>
    public void ApplyLate() => applyLate.Add(1);

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
