using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Sites;

/// <summary>Source-generated log messages of the site grain.</summary>
public sealed partial class SiteGrain
{
    [LoggerMessage(1201, LogLevel.Information, "Site {GroupId}: forecast {RequestId} ({Type}, {Blocks} blocks) accepted; limit version {Version}")]
    private partial void LogForecast(string groupId, string requestId, CapacityForecastType type, int blocks, long version);

    [LoggerMessage(1202, LogLevel.Information, "Site {GroupId}: limit version {Version} issued ({Reason}, {Kw} kW now)")]
    private partial void LogVersionIssued(string groupId, long version, string reason, double kw);

    [LoggerMessage(1203, LogLevel.Information, "Site {GroupId}: limit version {Version} delivered to the CSMS")]
    private partial void LogDelivered(string groupId, long version);

    [LoggerMessage(1204, LogLevel.Warning, "Site {GroupId}: limit version {Version} not delivered ({Error}); next attempt at {NextAttempt:O}")]
    private partial void LogDeliveryFailed(string groupId, long version, string? error, DateTimeOffset? nextAttempt);

    [LoggerMessage(1205, LogLevel.Information, "Site {GroupId}: limit version {Version} applied by the CSMS")]
    private partial void LogApplied(string groupId, long version);

    [LoggerMessage(1206, LogLevel.Warning, "Site {GroupId}: limit version {Version} not applied within {Seconds} s: compliance risk")]
    private partial void LogApplyLate(string groupId, long version, int seconds);

    [LoggerMessage(1207, LogLevel.Information, "Site {GroupId}: disabled")]
    private partial void LogDisabled(string groupId);

    [LoggerMessage(1208, LogLevel.Error, "Site {GroupId}: state could not be stored ({ExceptionType}); not acknowledged (a write cut off mid-way may still land)")]
    private partial void LogStorageFailed(string groupId, string exceptionType);

    [LoggerMessage(1209, LogLevel.Debug, "Site {GroupId}: period {Start:O} → {End:O} closed: {EnergyKwh} kWh, max {MaxLoadKw} kW from {Samples} samples; report queued")]
    private partial void LogPeriodClosed(string groupId, DateTimeOffset start, DateTimeOffset end, double energyKwh, double maxLoadKw, int samples);

    [LoggerMessage(1210, LogLevel.Debug, "Site {GroupId}: outbox message {MessageId} ({Message}) accepted by the CP (request {RequestId})")]
    private partial void LogOutboxSent(string groupId, long messageId, string message, string requestId);

    [LoggerMessage(1211, LogLevel.Warning, "Site {GroupId}: outbox message {MessageId} ({Message}) refused by the CP with {Status}: {Body}; not retried")]
    private partial void LogOutboxRejected(string groupId, long messageId, string message, int? status, string? body);

    [LoggerMessage(1212, LogLevel.Warning, "Site {GroupId}: outbox message {MessageId} ({Message}) not delivered ({Error}); next attempt at {NextAttempt:O}")]
    private partial void LogOutboxFailed(string groupId, long messageId, string message, string? error, DateTimeOffset? nextAttempt);

    [LoggerMessage(1213, LogLevel.Error, "Site {GroupId}: outbox full ({Max} messages): dropped the {Count} oldest report(s), the first for the period starting {FirstPeriod:O}")]
    private partial void LogOutboxDropped(string groupId, int count, int max, DateTimeOffset? firstPeriod);

    [LoggerMessage(1214, LogLevel.Warning, "Site {GroupId}: load {LoadKw} kW at {At:O} exceeded the limit of {LimitKw} kW; compliance error queued (correlation {CorrelationId})")]
    private partial void LogBreach(string groupId, double loadKw, double limitKw, DateTimeOffset at, string? correlationId);

    [LoggerMessage(1215, LogLevel.Information, "Site {GroupId}: capacity request queued as outbox message {MessageId} ({Blocks} blocks)")]
    private partial void LogAdjustmentQueued(string groupId, long messageId, int blocks);

    [LoggerMessage(1216, LogLevel.Warning, "Site {GroupId}: compliance error reported by the CSMS or an operator, queued as outbox message {MessageId} (correlation {CorrelationId})")]
    private partial void LogComplianceReported(string groupId, long messageId, string? correlationId);

    [LoggerMessage(1217, LogLevel.Warning, "Site {GroupId}: meter buffer full ({Pending} samples held, {Incoming} offered); batch refused")]
    private partial void LogMeterBufferFull(string groupId, int pending, int incoming);

    [LoggerMessage(1218, LogLevel.Warning, "Site {GroupId}: rebound to another peer; {Count} queued message(s) for the previous peer discarded")]
    private partial void LogOutboxDiscarded(string groupId, int count);

    [LoggerMessage(1221, LogLevel.Debug, "Site {GroupId}: {Count} meter reading(s) ignored as glitches (a register that went down without a reset) in {Start:O} → {End:O}")]
    private partial void LogMeterGlitches(string groupId, int count, DateTimeOffset start, DateTimeOffset end);

    [LoggerMessage(1222, LogLevel.Warning, "Site {GroupId}: charger {ChargerId} claimed {DroppedKwh} kWh more than its rating allows up to {At:O}; not reported")]
    private partial void LogEnergyDropped(string groupId, string chargerId, double droppedKwh, DateTimeOffset at);

    [LoggerMessage(1223, LogLevel.Warning, "Site {GroupId}: period {Start:O} → {End:O} reported incomplete: a charger that was drawing power sent nothing past the period's end within {Minutes} min")]
    private partial void LogPeriodIncomplete(string groupId, DateTimeOffset start, DateTimeOffset end, int minutes);

    [LoggerMessage(1219, LogLevel.Warning, "Site {GroupId}: no answer came back for {What} {Key}; sending again")]
    private partial void LogAnswerLost(string groupId, string what, long key);

    [LoggerMessage(1220, LogLevel.Warning, "Site {GroupId}: the answer to {What} {Key} could not be handed back to the site ({ExceptionType}); it is sent again")]
    private partial void LogReportBackFailed(string groupId, string what, long key, string exceptionType);

    [LoggerMessage(1224, LogLevel.Warning, "Site {GroupId}: an Idempotency-Key was reused on {Endpoint} with a different body; refused")]
    private partial void LogIdempotencyKeyReused(string groupId, string endpoint);

    [LoggerMessage(1225, LogLevel.Warning, "Site {GroupId}: {Count} Idempotency-Key(s) younger than 24 h forgotten to stay within {Max} per site; a late repeat of them would be queued again")]
    private partial void LogIdempotencyKeysPushedOut(string groupId, int count, int max);

    [LoggerMessage(1226, LogLevel.Information, "Site {GroupId}: another activation of the site claimed to send outbox message {MessageId}; nothing is sent from here before it answers or {Until:O}")]
    private partial void LogSendClaimedElsewhere(string groupId, long messageId, DateTimeOffset until);

    [LoggerMessage(1227, LogLevel.Warning, "Site {GroupId}: its outbox row could not be read again ({ExceptionType}); nothing is sent before the next tick tries again")]
    private partial void LogOutboxReadFailed(string groupId, string exceptionType);
}
