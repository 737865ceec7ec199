using OscpFleet.Oscp.Metering;
using OscpFleet.Oscp.Outbox;
using OscpFleet.Oscp.Reporting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// A site's measurement aggregation, persisted as its own row ("meter") because it is written on every batch of meter
/// values, which must not rewrite the forecasts and limit versions each time.
/// </summary>
public sealed class SiteMeterRecord
{
    /// <summary>Version of this shape.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Shape version of the stored data.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>The open period and the samples not yet reported as of the last period close; null until the site first needs it.</summary>
    public SiteMeterState? Meter { get; set; }

    /// <summary>The last meter log entry folded into <see cref="Meter"/>; later entries are replayed on activation.</summary>
    public long LogThrough { get; set; }
}

/// <summary>
/// A site's durable outbox (row "outbox"): every report, adjustment and compliance error is written here before it is
/// sent and removed only once the CP answered 204 (or refused it for good).
/// </summary>
public sealed class SiteOutboxState
{
    /// <summary>Version of this shape.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>How many refused messages are kept for the operator.</summary>
    public const int KeptRejections = 20;

    /// <summary>How many (forecast, period) keys of compliance errors are remembered (one per period for ~2 days at 15 min).</summary>
    public const int RememberedComplianceKeys = 200;

    /// <summary>Shape version of the stored data.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>The next message id.</summary>
    public long NextId { get; set; } = 1;

    /// <summary>Messages waiting, oldest first: compliance errors and adjustments go before reports, each class in this order.</summary>
    public List<OutboxMessage> Queued { get; set; } = [];

    /// <summary>The most recent messages the CP refused, oldest first.</summary>
    public List<OutboxMessage> Rejected { get; set; } = [];

    /// <summary>
    /// The activation that may have a message on the wire, and since when (<see cref="SendClaims"/>): null when none
    /// has. Written with the row, so a second activation of the site (briefly possible while silos come and go) does not
    /// send the same message again.
    /// </summary>
    public SendClaim? Claim { get; set; }

    /// <summary>Messages the CP accepted.</summary>
    public long Sent { get; set; }

    /// <summary>Reports dropped because the outbox was full.</summary>
    public long Dropped { get; set; }

    /// <summary>When the last compliance error was queued (the registry lists the site at risk for a day after).</summary>
    public DateTimeOffset? LastComplianceErrorAt { get; set; }

    /// <summary>
    /// End of the last measurement period whose report was queued. Written together with the queue, before the meter
    /// state moves on, so a period closed again after a crash is never reported twice.
    /// </summary>
    public DateTimeOffset? LastPeriodEnd { get; set; }

    /// <summary>The site's virtual cumulative import register after the last queued report (CONTINUOUS readings), in Wh.</summary>
    public double RegisterWh { get; set; }

    /// <summary>"correlation|period start" of every compliance error queued recently: at most one per forecast per period.</summary>
    public List<string> ComplianceKeys { get; set; } = [];

    /// <summary>
    /// The <c>Idempotency-Key</c>s of the last 24 h (product clock) with their first answers, oldest first, at most
    /// <see cref="Oscp.Outbox.IdempotencyKeys.MaxPerSite"/>. Written in the same row write as the message they queued, so
    /// an acknowledged request is never lost nor queued twice.
    /// </summary>
    public List<IdempotencyRecord> IdempotencyKeys { get; set; } = [];

    /// <summary>
    /// The period (minutes) the report reminder was registered with, as state written before the site row took this over
    /// (<see cref="SiteState.ReportReminderPeriodMinutes"/>) holds it; read only when the site row has none.
    /// </summary>
    public int ReminderPeriodMinutes { get; set; }

    /// <summary>The delay the report reminder was registered with, as older state holds it (see <see cref="ReminderPeriodMinutes"/>).</summary>
    public long ReminderDelayMs { get; set; }
}

/// <summary>The kinds of messages in the outbox.</summary>
public enum OutboxKind
{
    /// <summary>A measurement period's report (UpdateAssetMeasurements or UpdateGroupMeasurements by profile).</summary>
    Report,

    /// <summary>AdjustGroupCapacityForecast.</summary>
    Adjustment,

    /// <summary>GroupCapacityComplianceError.</summary>
    ComplianceError,
}

/// <summary>One message to the CP. Reports keep their numbers, not a body: the body is made at send time, in the dialect the peer speaks then.</summary>
public sealed class OutboxMessage
{
    /// <summary>Id, increasing per site.</summary>
    public long Id { get; set; }

    /// <summary>What it is.</summary>
    public OutboxKind Kind { get; set; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The period, for a report.</summary>
    public PeriodReport? Report { get; set; }

    /// <summary>The message, for an adjustment.</summary>
    public AdjustGroupCapacityForecast? Adjustment { get; set; }

    /// <summary>The message, for a compliance error.</summary>
    public GroupCapacityComplianceError? ComplianceError { get; set; }

    /// <summary>The X-Correlation-ID to send (a compliance error's forecast request id).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Failed attempts.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due; null: at once.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The last failure, or for a refused message the CP's status and body.</summary>
    public string? LastError { get; set; }
}

/// <summary>One remembered <c>Idempotency-Key</c> and the answer it got.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>The endpoint (<c>capacity-requests</c> or <c>compliance-errors</c>).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The key.</summary>
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the first request's body (hex).</summary>
    public string BodyHash { get; set; } = "";

    /// <summary>When the first request was answered (product clock).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The first answer's verdict.</summary>
    public OutboxStatus Status { get; set; }

    /// <summary>The first answer's message id.</summary>
    public long? MessageId { get; set; }

    /// <summary>The first answer's correlation id.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>The first answer's detail.</summary>
    public string? Detail { get; set; }

    /// <summary>The first answer again.</summary>
    public OutboxOutcome Outcome() => new(Status, MessageId, CorrelationId, Detail);
}
