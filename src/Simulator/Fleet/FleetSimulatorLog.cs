using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// What a newcomer watching the console should see: sites onboarded, each limit version received and what the
/// chargers draw under it, each confirmation, meter values, and everything refused. Never a token or secret.
/// </summary>
internal static partial class FleetSimulatorLog
{
    [LoggerMessage(1, LogLevel.Information, "Fleet simulator (CSMS) listening on {Url}: limit webhooks at {WebhookUrl}; OscpFleet at {FleetBaseUrl}; {Sites} sites, {Chargers} chargers")]
    public static partial void Listening(ILogger logger, string url, string webhookUrl, string fleetBaseUrl, int sites, int chargers);

    [LoggerMessage(2, LogLevel.Information, "Site {GroupId} onboarded at OscpFleet (peer {PeerId}, {Chargers} chargers, max {MaxImportKw} kW, csms endpoint {Csms}; HTTP {Status})")]
    public static partial void Onboarded(ILogger logger, string groupId, string peerId, int chargers, double maxImportKw, string csms, int? status);

    [LoggerMessage(3, LogLevel.Warning, "Site {GroupId} NOT onboarded: OscpFleet answered {Status}: {Body} (not retried)")]
    public static partial void OnboardRejected(ILogger logger, string groupId, int? status, string? body);

    [LoggerMessage(4, LogLevel.Warning, "{Kind} {Path} failed: {Error}; attempt {Attempt}, retrying in {DelaySeconds} s")]
    public static partial void Retrying(ILogger logger, GatewayCallKind kind, string path, string? error, int attempt, double delaySeconds);

    [LoggerMessage(5, LogLevel.Information, "Limit version {Version} for {GroupId} received (reason {Reason}{Stop}): chargers now drawing {DrawingKw:0.###} kW (limit {Limit})")]
    public static partial void LimitApplied(ILogger logger, long version, string groupId, string reason, string stop, double drawingKw, string limit);

    [LoggerMessage(6, LogLevel.Information, "Limit version {Version} for {GroupId} ignored: version {Applied} is already in force (out-of-order or repeated delivery)")]
    public static partial void StaleIgnored(ILogger logger, long version, string groupId, long? applied);

    [LoggerMessage(7, LogLevel.Warning, "Limit webhook answered {Status} ({Outcome}): {Problem}")]
    public static partial void WebhookRefused(ILogger logger, int status, WebhookOutcome outcome, string? problem);

    [LoggerMessage(8, LogLevel.Information, "Limit version {Version} for {GroupId}: applied confirmed (HTTP {Status})")]
    public static partial void Confirmed(ILogger logger, long version, string groupId, int? status);

    [LoggerMessage(9, LogLevel.Warning, "Limit version {Version} for {GroupId}: confirmation refused by OscpFleet (HTTP {Status}): {Body}")]
    public static partial void ConfirmRefused(ILogger logger, long version, string groupId, int? status, string? body);

    [LoggerMessage(10, LogLevel.Information, "Limit version {Version} for {GroupId}: not confirmed (in force now: version {Applied}; or confirming was stopped)")]
    public static partial void ConfirmDropped(ILogger logger, long version, string groupId, long? applied);

    [LoggerMessage(11, LogLevel.Information, "Meter values sent for {Sites} sites ({Samples} samples; HTTP {Status})")]
    public static partial void MeterValuesSent(ILogger logger, int sites, int samples, int? status);

    [LoggerMessage(12, LogLevel.Warning, "Meter values for {Sites} sites not accepted ({Error}): {Samples} samples kept for the next interval ({Pending} pending)")]
    public static partial void MeterValuesDeferred(ILogger logger, int sites, string? error, int samples, int pending);

    [LoggerMessage(13, LogLevel.Information, "Token for {ClientId} (scope {Scope}) fetched from OscpFleet; reused for {Seconds} s")]
    public static partial void TokenFetched(ILogger logger, string clientId, string scope, double seconds);

    // Debug: the caller's retry or failure line already carries the error.
    [LoggerMessage(14, LogLevel.Debug, "{Error}")]
    public static partial void TokenFailed(ILogger logger, string error);

    [LoggerMessage(15, LogLevel.Warning, "{Activity} failed unexpectedly")]
    public static partial void Crashed(ILogger logger, string activity, Exception exception);

    [LoggerMessage(16, LogLevel.Information, "CSMS down: {Down} (every limit webhook answered 503 while down)")]
    public static partial void DownChanged(ILogger logger, bool down);

    [LoggerMessage(17, LogLevel.Warning, "Meter values refused by OscpFleet (HTTP {Status}); {Samples} samples dropped: {Body}")]
    public static partial void MeterValuesRefused(ILogger logger, int? status, int samples, string? body);

    [LoggerMessage(18, LogLevel.Warning, "Meter samples of {ChargerId} at {GroupId}: the {Dropped} oldest dropped (more than {Max} waiting for the gateway)")]
    public static partial void MeterSamplesOverflow(ILogger logger, string chargerId, string groupId, int dropped, int max);
}
