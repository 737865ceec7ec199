using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Grains.Sites;

/// <summary>Issuing limit versions and presenting them.</summary>
public sealed partial class SiteGrain
{
    /// <summary>A schedule covers this much ahead of its issue.</summary>
    private static readonly TimeSpan Horizon = LimitSchedules.Horizon;

    /// <summary>A new version is issued before less than this remains.</summary>
    private static readonly TimeSpan MinimumAhead = LimitSchedules.MinimumAhead;

    /// <summary>
    /// Builds the schedule for the next 24 hours and issues a new version when it differs from the current one in any
    /// instant they share, when the current one runs short, or when <paramref name="force"/>.
    /// </summary>
    private bool IssueIfChanged(DateTimeOffset? receivedAt, bool force)
    {
        var definition = State.Definition!;
        var now = Now;
        var baseDoe = new BaseDoeProfile([.. definition.BaseDoe], definition.TimeZone);
        var schedule = LimitSchedule.Build(State.Forecasts, now, now + Horizon, State.PeerOnline, baseDoe.At, definition.MaxImportKw, definition.Phases);
        var current = State.Current;
        var allZero = State.AllZeroRequestIds.Where(id => schedule.Any(s => s.RequestId == id)).ToList();
        if (!force && current is not null
            && LimitSchedules.SameLimits(current.Schedule, schedule)
            && current.AllZeroRequestIds.SequenceEqual(allZero)
            && !LimitSchedules.NeedsRenewal(current.Schedule, now, MinimumAhead))
        {
            return false;
        }

        var issued = new IssuedLimit((current?.Version ?? 0) + 1, now, receivedAt, schedule, definition.Chargers, allZero);
        State.Versions.Add(issued);
        if (State.Versions.Count > SiteState.KeptVersions) State.Versions.RemoveAt(0);
        State.DeliveryAttempts = 0;
        State.NextDeliveryAt = now;
        State.DeliveryError = null;
        State.ComplianceRisk = false;
        var reason = ReasonName(ReasonOf(issued));
        metrics.VersionIssued(reason);
        LogVersionIssued(GroupId, issued.Version, reason, schedule.Length == 0 ? 0 : schedule[0].Kw);
        return true;
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
            DocumentOptions,
            issued.AllZeroRequestIds.ToHashSet(StringComparer.Ordinal));

    private static LimitDocumentOptions DocumentOptions => LimitDocumentOptions.Default;

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
        return new SiteView
        {
            GroupId = GroupId,
            Definition = State.Definition!,
            Disabled = State.Disabled,
            State = StateName(),
            PeerOnline = State.PeerOnline,
            Version = current?.Version ?? 0,
            IssuedAt = current?.IssuedAt,
            DeliveredVersion = State.DeliveredVersion,
            AppliedVersion = State.AppliedVersion,
            AppliedAt = State.AppliedAt,
            ComplianceRisk = State.ComplianceRisk,
            DeliveryError = current is not null && State.DeliveredVersion < current.Version ? State.DeliveryError : null,
            LatestForecastRequestId = State.LatestForecastRequestId,
            LatestForecastAt = State.LatestForecastAt,
            LimitKw = current?.Schedule.FirstOrDefault(s => s.Start <= now && now < s.End)?.Kw,
            OutboxDepth = outboxRow.State.Queued.Count,
            LastPeriodEnd = outboxRow.State.LastPeriodEnd,
        };
    }
}
