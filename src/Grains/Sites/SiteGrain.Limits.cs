using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Grains.Sites;

/// <summary>Issuing limit versions and presenting them (the limits API, the site view).</summary>
public sealed partial class SiteGrain
{
    /// <summary>
    /// Builds the schedule for the next 24 hours and issues a new version when <see cref="LimitVersions.NeedsNewVersion"/>
    /// says so, or when <paramref name="force"/>.
    /// </summary>
    private bool IssueIfChanged(DateTimeOffset? receivedAt, bool force)
    {
        var definition = State.Definition!;
        var now = Now;
        var baseDoe = BaseDoeOf(definition);
        var schedule = LimitSchedule.Build(State.Forecasts, now, now + LimitSchedules.Horizon, State.ConnectionLost, baseDoe.At, definition.MaxImportKw, definition.Phases);
        var current = State.Current;
        var allZero = State.AllZeroRequestIds.Where(id => schedule.Any(s => s.RequestId == id)).ToList();
        if (!force && !LimitVersions.NeedsNewVersion(current, current?.AllZeroRequestIds ?? [], schedule, allZero, now)) return false;

        var issued = new IssuedLimit((current?.Version ?? 0) + 1, now, receivedAt, schedule, definition.Chargers, allZero);
        State.Versions.Add(issued);
        if (State.Versions.Count > SiteState.KeptVersions) State.Versions.RemoveAt(0);
        KeepSupersededInForceSpans();
        State.DeliveryAttempts = 0;
        State.NextDeliveryAt = now;
        State.DeliveryError = null;
        State.ComplianceRisk = false;
        var reason = ReasonName(ReasonOf(issued));
        metrics.VersionIssued(reason);
        LimitTracing.Remember(versionTraces, issued.Version, LimitTracing.VersionIssued(GroupId, issued.Version, reason));
        RecordVersionIssued(issued, reason);
        LogVersionIssued(GroupId, issued.Version, reason, schedule.Length == 0 ? 0 : schedule[0].Kw);
        return true;
    }

    /// <summary>The base DOE profile of the current definition, built (and validated) once per definition.</summary>
    private (SiteDefinition Definition, BaseDoeProfile Profile)? baseDoeProfile;

    /// <summary>
    /// The site's base DOE profile. Building one validates every entry and looks its time zone up (a lock inside
    /// <see cref="TimeZoneInfo"/>), which every forecast did; a definition is immutable and replaced whole on an upsert,
    /// so the profile is kept until the definition changes.
    /// </summary>
    private BaseDoeProfile BaseDoeOf(SiteDefinition definition)
    {
        if (baseDoeProfile is { } known && ReferenceEquals(known.Definition, definition)) return known.Profile;
        var profile = new BaseDoeProfile([.. definition.BaseDoe], definition.TimeZone);
        baseDoeProfile = (definition, profile);
        return profile;
    }

    /// <summary>
    /// Every version but the newest keeps only the entries of the span in which it was in force
    /// (<see cref="LimitVersions.InForceSpan"/>): the limit in force at any instant, the limits over a report period and
    /// the newest version (the one delivered) are unchanged, and a site that took forecasts all day holds one full
    /// schedule instead of sixteen. Runs on every issue and on activation (state stored before kept whole schedules).
    /// </summary>
    private void KeepSupersededInForceSpans()
    {
        var versions = State.Versions;
        for (var i = 0; i + 1 < versions.Count; i++)
        {
            var span = LimitVersions.InForceSpan(versions[i].Schedule, versions[i].IssuedAt, versions[i + 1].IssuedAt);
            if (!ReferenceEquals(span, versions[i].Schedule)) versions[i] = versions[i] with { Schedule = span };
        }
    }

    /// <inheritdoc />
    public Task<LimitDocument?> GetLimitsAsync(DateTimeOffset? at)
    {
        if (!Exists) return Task.FromResult<LimitDocument?>(null);
        var version = at is { } when
            ? LimitVersions.InForceAt(State.Versions, when) is { } inForce && LimitVersions.EntryAt(inForce, when) is not null ? inForce : null
            : State.Current;
        return Task.FromResult(version is null ? null : Document(version));
    }

    /// <summary>The version's reason — the source of its first interval — without building its whole document.</summary>
    private static LimitReason ReasonOf(IssuedLimit issued) =>
        issued.Schedule.Count == 0
            ? LimitReason.BaseDoe
            : LimitDocuments.SourceOf(issued.Schedule[0], issued.AllZeroRequestIds.ToHashSet(StringComparer.Ordinal));

    private LimitDocument Document(IssuedLimit issued) =>
        LimitDocuments.Build(
            GroupId,
            issued.Version,
            issued.IssuedAt,
            issued.Schedule,
            [.. issued.Chargers.Select(c => new ChargerRating(c.Id, c.RatedKw))],
            LimitDocumentOptions.Default,
            issued.AllZeroRequestIds.ToHashSet(StringComparer.Ordinal));

    /// <summary>The wire name of a reason, which is also the site's listing state.</summary>
    private static string ReasonName(LimitReason reason) => reason switch
    {
        LimitReason.Forecast => SiteStates.Forecast,
        LimitReason.Fallback => SiteStates.Fallback,
        LimitReason.EmergencyStop => SiteStates.EmergencyStop,
        LimitReason.Operator => SiteStates.Operator,
        _ => SiteStates.BaseDoe,
    };

    private string StateName()
    {
        if (State.Disabled) return SiteStates.Disabled;
        return State.Current is { } current ? ReasonName(ReasonOf(current)) : SiteStates.BaseDoe;
    }

    private SiteView View()
    {
        var current = State.Current;
        var now = Now;
        var feed = MeterFeed();
        return new SiteView
        {
            GroupId = GroupId,
            Definition = State.Definition!,
            Disabled = State.Disabled,
            State = StateName(),
            PeerOnline = State.PeerOnline,
            ConnectionLost = State.ConnectionLost,
            Version = current?.Version ?? 0,
            IssuedAt = current?.IssuedAt,
            DeliveredVersion = State.DeliveredVersion,
            AppliedVersion = State.AppliedVersion,
            AppliedAt = State.AppliedAt,
            ComplianceRisk = State.ComplianceRisk,
            DeliveryError = current is not null && State.DeliveredVersion < current.Version ? State.DeliveryError : null,
            LatestForecastRequestId = State.LatestForecastRequestId,
            LatestForecastAt = State.LatestForecastAt,
            LimitKw = LimitVersions.InForceAt(State.Versions, now) is { } inForce ? LimitVersions.EntryAt(inForce, now)?.Kw : null,
            OutboxDepth = outboxRow.State.Queued.Count,
            LastPeriodEnd = outboxRow.State.LastPeriodEnd,
            LastSampleAt = feed.LastSampleAt,
            MeterFeedStale = feed.Stale,
        };
    }
}
