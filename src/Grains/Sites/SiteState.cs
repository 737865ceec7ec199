using System.Text.Json.Serialization;
using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Grains.Sites;

/// <summary>The persisted state of one site (JSON in Azure Table Storage; see docs/decisions.md).</summary>
public sealed class SiteState
{
    /// <summary>Version of this shape; bump it and migrate in <see cref="SiteGrain"/> when it changes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>How many inbound request ids are remembered for de-duplication (Vector: one per 15 minutes → 50 hours).</summary>
    public const int RememberedRequestIds = 200;

    /// <summary>How many limit versions are kept for <c>GET …/limits?at=</c>, reports and history; all but the newest hold only the entries of the span they were in force.</summary>
    public const int KeptVersions = 16;

    /// <summary>Shape version of the stored data.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>The onboarding data; null until onboarded.</summary>
    public SiteDefinition? Definition { get; set; }

    /// <summary>Disabled by the operator.</summary>
    public bool Disabled { get; set; }

    /// <summary>Every forecast timeline (per type and phase), newest wins per instant.</summary>
    public SiteForecasts Forecasts { get; set; } = SiteForecasts.Empty;

    /// <summary>Request ids of forecasts whose every block was 0 and that still have blocks in the timelines.</summary>
    public List<string> AllZeroRequestIds { get; set; } = [];

    /// <summary>The most recent inbound request ids, oldest first, at most <see cref="RememberedRequestIds"/>.</summary>
    public RequestIdWindow RecentRequestIds { get; set => field = value ?? new(); } = new();

    /// <summary>Request id of the latest forecast (compliance errors correlate to it when the base DOE is in force).</summary>
    public string? LatestForecastRequestId { get; set; }

    /// <summary>When the latest forecast arrived.</summary>
    public DateTimeOffset? LatestForecastAt { get; set; }

    /// <summary>The peer's connection was Online when the site last heard of it (the outbox sends only then).</summary>
    public bool PeerOnline { get; set; }

    /// <summary>
    /// The connection counts as lost for limits (see <c>ConnectionRules.LimitsLost</c>): the limit is then never above the
    /// fallback. True when absent from stored data, the safe side until the peer says otherwise.
    /// </summary>
    public bool ConnectionLost { get; set; } = true;

    /// <summary>The limit versions issued, oldest first, at most <see cref="KeptVersions"/>.</summary>
    public List<IssuedLimit> Versions { get; set; } = [];

    /// <summary>The newest version the CSMS webhook accepted.</summary>
    public long DeliveredVersion { get; set; }

    /// <summary>Failed webhook attempts for the newest version (drives the back-off).</summary>
    public int DeliveryAttempts { get; set; }

    /// <summary>When the next webhook attempt is due.</summary>
    public DateTimeOffset? NextDeliveryAt { get; set; }

    /// <summary>The last webhook failure.</summary>
    public string? DeliveryError { get; set; }

    /// <summary>The newest version the CSMS confirmed applied.</summary>
    public long AppliedVersion { get; set; }

    /// <summary>When it confirmed it.</summary>
    public DateTimeOffset? AppliedAt { get; set; }

    /// <summary>The newest version was not applied within the allowance.</summary>
    public bool ComplianceRisk { get; set; }

    /// <summary>
    /// When the site started collecting meter values (onboarded or re-enabled): the open period of a site whose meter row
    /// was never written starts here. A new site writes no meter row until it first has something to keep (docs/decisions.md).
    /// </summary>
    public DateTimeOffset? MeteringFrom { get; set; }

    /// <summary>
    /// The period (minutes) the report reminder was registered with; 0: none registered (or not known: state written before
    /// this field took over from the outbox row's, which is then read instead).
    /// </summary>
    public int ReportReminderPeriodMinutes { get; set; }

    /// <summary>The delay after each boundary (spread offset + close grace, ms) the report reminder was registered with.</summary>
    public long ReportReminderDelayMs { get; set; }

    /// <summary>The newest version, if any (not stored: it is the last of <see cref="Versions"/>).</summary>
    [JsonIgnore]
    public IssuedLimit? Current => Versions.Count == 0 ? null : Versions[^1];
}

/// <summary>One limit version: the schedule and what is needed to rebuild its webhook document byte for byte.</summary>
public sealed record IssuedLimit(
    long Version,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ReceivedAt,
    IReadOnlyList<ScheduledLimit> Schedule,
    IReadOnlyList<ChargerDefinition> Chargers,
    IReadOnlyList<string> AllZeroRequestIds) : IIssuedSchedule
{
    /// <summary>
    /// The limits of this version, in time order; stored as runs (<see cref="ScheduleRunsJsonConverter"/>) and held as
    /// runs in memory too (<see cref="CompactSchedule"/>), with shared request ids.
    /// </summary>
    [JsonConverter(typeof(ScheduleRunsJsonConverter))]
    public IReadOnlyList<ScheduledLimit> Schedule { get; init; } = SharedRequestIds.Compact(Schedule);

    /// <summary>Request ids of the all-zero forecasts in this version; none (the usual case) is one shared empty list, not a list per version.</summary>
    public IReadOnlyList<string> AllZeroRequestIds { get; init; } = AllZeroRequestIds.Count == 0 ? [] : AllZeroRequestIds;
}
