using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Metering;
using OscpFleet.Oscp.Reporting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Meter values in; measurement periods closed into reports at each boundary (spread by group id); breaches of the
/// limit in force detected on every batch; capacity requests and reported compliance errors queued for the CP.
/// </summary>
public sealed partial class SiteGrain
{
    /// <summary>Periodic, for as long as the site exists: closes the measurement period at each boundary plus the site's spread offset.</summary>
    private const string ReportReminder = "site-report";

    private bool reportReminderChecked;

    /// <summary>The report reminder's note in the site row came from the outbox row of an older build (not yet written by this one).</summary>
    private bool reportReminderNoteAdopted;

    /// <summary>The sequence the next meter log entry gets (set when the grain activates).</summary>
    private long nextLogSequence = 1;

    private TimeSpan ReportPeriod => TimeSpan.FromMinutes(PeerConfig?.ReportPeriodMinutes ?? Oscp.Configuration.PeerOptions.DefaultReportPeriodMinutes);

    private TimeSpan ReportOffset => ReportSpread.OffsetOf(GroupId, TimeSpan.FromSeconds(Math.Min(
        PeerConfig?.ReportSpreadSeconds ?? Oscp.Configuration.PeerOptions.DefaultReportSpreadSeconds,
        ReportPeriod.TotalSeconds)));

    /// <summary>The open period and pending samples; a site whose meter row was never written starts at <see cref="SiteState.MeteringFrom"/>.</summary>
    private SiteMeterState Meter => meterRow.State.Meter ??= SiteMeterState.StartingAt(State.MeteringFrom ?? Now, ReportPeriod);

    /// <summary>A period is closed (and its report sent) this long after its end: the close grace plus the site's spread offset.</summary>
    private TimeSpan CloseDelay => TimeSpan.FromSeconds(options.CurrentValue.Metering.CloseGraceSeconds) + ReportOffset;

    /// <summary>Resets, glitches and the plausibility bound: each configured charger's rating, the contract maximum for any other.</summary>
    private MeterRules Rules
    {
        get
        {
            var metering = options.CurrentValue.Metering;
            var definition = State.Definition!;
            var rated = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var charger in definition.Chargers) rated[charger.Id] = charger.RatedKw;
            return new MeterRules(metering.ResetThresholdWh, metering.RatedPowerTolerancePercent / 100, rated, definition.MaxImportKw);
        }
    }

    /// <summary>The meter feed is stale when no sample came for two periods (or none ever did).</summary>
    private TimeSpan FeedStaleAfter => ReportPeriod * 2;

    /// <inheritdoc />
    public async Task<MeterValuesOutcome> AcceptMeterValuesAsync(IReadOnlyList<MeterSample> samples, string? csms = null)
    {
        if (!Exists) return new MeterValuesOutcome(MeterValuesStatus.UnknownSite);
        if (!ServedBy(csms)) return new MeterValuesOutcome(MeterValuesStatus.OtherCsms);
        var accepted = MeterAggregation.Accept(Meter, samples);
        if (accepted.State.Pending.Length > MeterLimits.MaxPendingSamples)
        {
            // Close whatever is due first; only refuse when the open period really holds that much.
            await CloseDuePeriodsAsync();
            accepted = MeterAggregation.Accept(Meter, samples);
            if (accepted.State.Pending.Length > MeterLimits.MaxPendingSamples)
            {
                LogMeterBufferFull(GroupId, Meter.Pending.Length, samples.Count);
                return new MeterValuesOutcome(MeterValuesStatus.BufferFull);
            }
        }

        var fresh = samples.Select(s => s.At.ToUniversalTime()).Where(t => t > Now - ReportPeriod).Distinct().ToList();
        var breaches = FindBreaches(accepted.State, fresh);
        var queued = 0;
        foreach (var breach in breaches)
        {
            var correlation = breach.Limit.RequestId ?? State.LatestForecastRequestId;
            if (!ClaimComplianceKey(correlation, breach.At)) continue;
            Enqueue(new OutboxMessage
            {
                Kind = OutboxKind.ComplianceError,
                ComplianceError = ComplianceErrors.ForBreach(GroupId, breach),
                CorrelationId = correlation,
            });
            metrics.ComplianceError(State.Definition!.PeerId, "detected");
            LogBreach(GroupId, breach.LoadKw, breach.Limit.Kw, breach.At, correlation);
            queued++;
        }

        // The outbox first: a breach queued but a batch not stored is found again (and de-duplicated) on the retry.
        if (queued > 0) await SaveOutboxAsync();
        await AppendMeterLogAsync(samples);
        meterRow.State.Meter = accepted.State;
        if (nextLogSequence - 1 - meterRow.State.LogThrough >= meterLog.Capacity / 2)
        {
            // Many batches and no close (a long wait, a CSMS posting often): fold them into the row before the log wraps.
            meterRow.State.LogThrough = nextLogSequence - 1;
            await SaveMeterAsync();
        }
        metrics.MeterSamples(accepted.Accepted, accepted.Duplicates, accepted.Late);
        PublishMeterFeed();
        // A breach queued, or a feed that was stale and is not: the registry hears of it now.
        await PublishIfRisksChangedAsync();
        // A period past its close that waits for a charger's data goes as soon as the data is here.
        var waiting = MeteringPeriods.EndOf(accepted.State.OpenPeriodStart, ReportPeriod) <= ReportSpread.ClosableThrough(Now, CloseDelay);
        if (waiting) await CloseDuePeriodsAsync();
        if (queued > 0 || waiting) await StartSendingIfDueAsync();
        return new MeterValuesOutcome(MeterValuesStatus.Accepted, accepted.Accepted, accepted.Duplicates, accepted.Late);
    }

    /// <inheritdoc />
    public async Task<OutboxOutcome> RequestCapacityAsync(CapacityForecastType type, IReadOnlyList<ForecastedBlock> blocks, IdempotentRequest? idempotency = null, string? csms = null)
    {
        if (!Exists) return new OutboxOutcome(OutboxStatus.UnknownSite);
        if (!ServedBy(csms)) return new OutboxOutcome(OutboxStatus.OtherCsms);
        if (Recall(idempotency) is { } earlier) return earlier;
        var message = Enqueue(new OutboxMessage
        {
            Kind = OutboxKind.Adjustment,
            Adjustment = new AdjustGroupCapacityForecast(GroupId, type, blocks),
        });
        // The key and the message in one write: acknowledged means both stored.
        var outcome = Remember(idempotency, new OutboxOutcome(OutboxStatus.Queued, message.Id));
        await SaveOutboxAsync();
        LogAdjustmentQueued(GroupId, message.Id, blocks.Count);
        await StartSendingIfDueAsync();
        return outcome;
    }

    /// <inheritdoc />
    public async Task<OutboxOutcome> ReportComplianceErrorAsync(string message, DateTimeOffset from, DateTimeOffset to, IdempotentRequest? idempotency = null, string? csms = null)
    {
        if (!Exists) return new OutboxOutcome(OutboxStatus.UnknownSite);
        if (!ServedBy(csms)) return new OutboxOutcome(OutboxStatus.OtherCsms);
        if (Recall(idempotency) is { } answered) return answered;
        var correlation = LimitAt(from)?.RequestId ?? State.LatestForecastRequestId;
        if (!ClaimComplianceKey(correlation, from))
        {
            var earlier = outboxRow.State.Queued.LastOrDefault(m => m.Kind == OutboxKind.ComplianceError && m.CorrelationId == correlation);
            var duplicate = new OutboxOutcome(OutboxStatus.Duplicate, earlier?.Id, correlation,
                $"a compliance error for forecast '{correlation ?? "(none)"}' in the period starting {MeteringPeriods.Align(from, ReportPeriod):O} was already reported");
            if (idempotency is null) return duplicate;
            // The key answers "duplicate" from now on, even once the compliance key is forgotten.
            Remember(idempotency, duplicate);
            await SaveOutboxAsync();
            return duplicate;
        }

        var schedule = VersionInForce(from)?.Schedule ?? [];
        var queued = Enqueue(new OutboxMessage
        {
            Kind = OutboxKind.ComplianceError,
            ComplianceError = ComplianceErrors.ForReport(GroupId, message, from, to, schedule),
            CorrelationId = correlation,
        });
        var outcome = Remember(idempotency, new OutboxOutcome(OutboxStatus.Queued, queued.Id, correlation));
        await SaveOutboxAsync();
        await PublishIfRisksChangedAsync();
        metrics.ComplianceError(State.Definition!.PeerId, "reported");
        LogComplianceReported(GroupId, queued.Id, correlation);
        await StartSendingIfDueAsync();
        return outcome;
    }

    /// <summary>
    /// Closes every period that ended at least the site's spread offset ago (catching up after any pause) and queues a
    /// report for each. The outbox is written before the meter state, with the last period's end, so a crash between
    /// the two writes closes the same periods again but never reports them twice.
    /// </summary>
    private async Task CloseDuePeriodsAsync()
    {
        if (!Exists) return;
        var (meter, periods) = MeterAggregation.CloseThrough(
            Meter, ReportSpread.ClosableThrough(Now, CloseDelay), ReportPeriod, rules: Rules, maxWait: TimeSpan.FromMinutes(options.CurrentValue.Metering.MaxReportDelayMinutes));
        if (periods.Count == 0) return;
        var outbox = outboxRow.State;
        foreach (var period in periods)
        {
            // Closed again after a crash between the outbox and the meter row: already queued and counted.
            if (outbox.LastPeriodEnd is { } last && period.End <= last) continue;
            CountAnomalies(period);
            outbox.RegisterWh += period.EnergyWh;
            Enqueue(new OutboxMessage
            {
                Kind = OutboxKind.Report,
                Report = new PeriodReport(period.Start, period.End, period.EnergyWh, period.MaxLoadW, outbox.RegisterWh, period.Complete),
            });
            outbox.LastPeriodEnd = period.End;
            LogPeriodClosed(GroupId, period.Start, period.End, period.EnergyWh / 1000, period.MaxLoadW / 1000, period.SampleCount);
        }

        metrics.PeriodsClosed(periods.Count);
        await SaveOutboxAsync();
        meterRow.State.Meter = meter;
        meterRow.State.LogThrough = nextLogSequence - 1;
        await SaveMeterAsync();
    }

    /// <summary>Breaches at the batch's sample instants, against the limit version that was in force at each.</summary>
    private List<Breach> FindBreaches(SiteMeterState meter, IReadOnlyCollection<DateTimeOffset> instants)
    {
        if (instants.Count == 0 || State.Versions.Count == 0) return [];
        var compliance = options.CurrentValue.Compliance;
        var loads = SiteLoads.At(meter, instants, ReportPeriod);
        return [.. BreachDetection.Find(loads, LimitAt, compliance.TolerancePercent, TimeSpan.FromSeconds(compliance.ApplyAllowanceSeconds))];
    }

    private LimitAtInstant? LimitAt(DateTimeOffset t) =>
        LimitHistory.At(State.Versions, t);

    /// <summary>The version in force at <paramref name="t"/>; before the first kept version, that first one (the oldest evidence there is).</summary>
    private IssuedLimit? VersionInForce(DateTimeOffset t) => LimitVersions.InForceAt(State.Versions, t) ?? State.Versions.FirstOrDefault();

    /// <summary>At most one compliance error per forecast per period: true when this one is the first.</summary>
    private bool ClaimComplianceKey(string? correlation, DateTimeOffset at)
    {
        var key = $"{correlation}|{MeteringPeriods.Align(at, ReportPeriod):O}";
        var keys = outboxRow.State.ComplianceKeys;
        if (keys.Contains(key)) return false;
        keys.Add(key);
        if (keys.Count > SiteOutboxState.RememberedComplianceKeys) keys.RemoveAt(0);
        return true;
    }

    /// <summary>
    /// Registers the report reminder when it is missing or its period or delay changed (registering rewrites the row and
    /// resets its schedule), and notes what it was registered with in the site row: written here when
    /// <paramref name="save"/>, else by the caller's own write of the site row that follows. Its tick does everything a
    /// tick does, renewals included; only a report period longer than <see cref="RenewalPeriod"/> needs the renewal
    /// reminder as well.
    /// </summary>
    /// <remarks>
    /// A note the site row holds with the current period and delay is trusted without reading the reminder table: the
    /// reminder is registered before the note is written, and the note is cleared and stored before the reminder is
    /// unregistered (<see cref="DisableAsync"/>), so a stored note means a registered reminder. That saves a read per
    /// activation, thousands at once when a silo is lost. The reminder is still read when <paramref name="verify"/> (an
    /// import or a re-enable: rare, and the operator's way to repair a site) or when the note came from an older build's
    /// outbox row.
    /// </remarks>
    private async Task EnsureReportReminderAsync(bool save = true, bool verify = false)
    {
        if (reportReminderChecked) return;
        var minutes = (int)ReportPeriod.TotalMinutes;
        var delayMs = (long)CloseDelay.TotalMilliseconds;
        var noted = State.ReportReminderPeriodMinutes == minutes && State.ReportReminderDelayMs == delayMs;
        if (!noted || ((verify || reportReminderNoteAdopted) && await this.GetReminder(ReportReminder) is null))
        {
            var due = ReportSpread.NextSendAt(Now, ReportPeriod, CloseDelay) - Now;
            await this.RegisterOrUpdateReminder(ReportReminder, due, ReportPeriod);
            State.ReportReminderPeriodMinutes = minutes;
            State.ReportReminderDelayMs = delayMs;
            if (ReportPeriod > RenewalPeriod) await EnsureRenewalReminderAsync();
            if (save) await SaveAsync();
        }
        reportReminderNoteAdopted = false;
        reportReminderChecked = true;
    }

    /// <summary>State written before the site row noted the report reminder has it in the outbox row: taken from there.</summary>
    private void AdoptReportReminderOfOutboxRow()
    {
        if (State.ReportReminderPeriodMinutes != 0 || outboxRow.State.ReminderPeriodMinutes == 0) return;
        State.ReportReminderPeriodMinutes = outboxRow.State.ReminderPeriodMinutes;
        State.ReportReminderDelayMs = outboxRow.State.ReminderDelayMs;
        reportReminderNoteAdopted = true;
    }

    /// <summary>Forgets the report reminder's registration in memory (the caller writes the site row); true if one was noted.</summary>
    private bool ForgetReportReminder()
    {
        var noted = State.ReportReminderPeriodMinutes != 0;
        State.ReportReminderPeriodMinutes = 0;
        State.ReportReminderDelayMs = 0;
        outboxRow.State.ReminderPeriodMinutes = 0;
        outboxRow.State.ReminderDelayMs = 0;
        return noted;
    }

    private async Task StopReportingAsync()
    {
        if (await this.GetReminder(ReportReminder) is { } reminder) await this.UnregisterReminder(reminder);
        reportReminderChecked = false;
        if (ForgetReportReminder()) await SaveAsync();
    }

    /// <summary>Glitches are counted (debug log); energy dropped as implausible is counted and a warning names site and charger.</summary>
    private void CountAnomalies(ClosedPeriod period)
    {
        if (!period.Complete)
        {
            metrics.ReportIncomplete(State.Definition!.Csms);
            LogPeriodIncomplete(GroupId, period.Start, period.End, options.CurrentValue.Metering.MaxReportDelayMinutes);
        }
        if (period.Glitches > 0)
        {
            metrics.MeterGlitches(period.Glitches);
            LogMeterGlitches(GroupId, period.Glitches, period.Start, period.End);
        }
        foreach (var drop in period.Drops)
        {
            metrics.EnergyDropped(State.Definition!.Csms, drop.DroppedWh);
            LogEnergyDropped(GroupId, drop.ChargerId, drop.DroppedWh / 1000, drop.At);
        }
    }

    /// <summary>The newest meter reading the site holds, and whether the feed went quiet; shown on the site and counted per CSMS.</summary>
    private (DateTimeOffset? LastSampleAt, bool Stale) MeterFeed()
    {
        var last = meterRow.State.Meter?.LastSampleAt();
        return (last, last is not { } at || Now - at > FeedStaleAfter);
    }

    private void PublishMeterFeed()
    {
        if (State.Definition is not { } definition) return;
        metrics.SetMeterFeed(GroupId, definition.Csms, State.Disabled ? null : (meterRow.State.Meter?.LastSampleAt() ?? DateTimeOffset.MinValue) + FeedStaleAfter);
    }

    /// <summary>
    /// Periods while the site was disabled (or before it existed) are not reported: collect from the current one. True when
    /// the meter row must be written now: a site that never had one (a new site) needs none yet, its open period starting
    /// at <see cref="SiteState.MeteringFrom"/>, stored with the site row.
    /// </summary>
    private bool RestartMetering()
    {
        State.MeteringFrom = Now;
        meterRow.State.Meter = SiteMeterState.StartingAt(Now, ReportPeriod);
        meterRow.State.LogThrough = nextLogSequence - 1;
        return meterRow.RecordExists || nextLogSequence > 1;
    }

    /// <summary>
    /// Stores a batch as the next entry of the site's meter log before the CSMS gets its 204 (one write the size of the
    /// batch; the meter row is rewritten only when a period closes). A failure deactivates the grain like any lost write.
    /// </summary>
    private async Task AppendMeterLogAsync(IReadOnlyList<MeterSample> samples)
    {
        try
        {
            await meterLog.AppendAsync(GroupId, nextLogSequence, samples);
            nextLogSequence++;
        }
        catch (Exception e) when (e is not StorageUnavailableException)
        {
            DeactivateOnIdle();
            LogStorageFailed(GroupId, e.GetType().Name);
            throw new StorageUnavailableException($"site {GroupId}: meter values could not be stored ({e.GetType().Name})");
        }
    }

    /// <summary>On activation: the batches stored after the meter row was last written, folded in again in order.</summary>
    private async Task ReplayMeterLogAsync()
    {
        var through = meterRow.State.LogThrough;
        var entries = await meterLog.ReadAsync(GroupId, through);
        var meter = Meter;
        foreach (var (_, samples) in entries) meter = MeterAggregation.Accept(meter, samples).State;
        meterRow.State.Meter = meter;
        nextLogSequence = (entries.Count > 0 ? entries[^1].Sequence : through) + 1;
    }

    /// <inheritdoc />
    public Task<OutboxView?> GetOutboxAsync()
    {
        if (State.Definition is null) return Task.FromResult<OutboxView?>(null);
        var outbox = outboxRow.State;
        return Task.FromResult<OutboxView?>(new OutboxView
        {
            GroupId = GroupId,
            PeerOnline = State.PeerOnline,
            Queued = [.. outbox.Queued.Select(ItemView)],
            Rejected = [.. outbox.Rejected.Select(ItemView)],
            Sent = outbox.Sent,
            Dropped = outbox.Dropped,
            LastPeriodEnd = outbox.LastPeriodEnd,
            OpenPeriodStart = meterRow.State.Meter?.OpenPeriodStart,
        });
    }

    private OutboxItemView ItemView(OutboxMessage m) => new()
    {
        Id = m.Id,
        Message = MessageName(m),
        CreatedAt = m.CreatedAt,
        PeriodStart = m.Report?.Start,
        CorrelationId = m.CorrelationId,
        Attempts = m.Attempts,
        NextAttemptAt = m.NextAttemptAt,
        LastError = m.LastError,
    };
}
