using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// What a newcomer watching the console should see: handshakes, heartbeats and forecasts each way, and
/// every call the simulator refused. Never a token, secret or header value.
/// </summary>
internal static partial class CpSimulatorLog
{
    [LoggerMessage(1, LogLevel.Information, "CP simulator listening on {Url}; the FP under test is {FpBaseUrl}")]
    public static partial void Listening(ILogger logger, string url, string fpBaseUrl);

    [LoggerMessage(2, LogLevel.Information, "Token issued to {ClientId}, valid {LifetimeSeconds} s")]
    public static partial void TokenIssued(ILogger logger, string clientId, int lifetimeSeconds);

    [LoggerMessage(3, LogLevel.Warning, "Token refused to {ClientId} (refusing every token: {Refusing})")]
    public static partial void TokenRefused(ILogger logger, string clientId, bool refusing);

    [LoggerMessage(4, LogLevel.Warning, "Refused {Kind} (request {RequestId}) with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, OscpMessageKind kind, string? requestId, int status, string reason);

    [LoggerMessage(5, LogLevel.Information, "Handshake received from the FP (request {RequestId}); it asks for heartbeats every {Interval} s")]
    public static partial void HandshakeReceived(ILogger logger, string? requestId, string interval);

    [LoggerMessage(6, LogLevel.Information, "Handshake acknowledged to the FP (correlation {CorrelationId})")]
    public static partial void AcknowledgeSent(ILogger logger, string correlationId);

    [LoggerMessage(7, LogLevel.Information, "Handshake sent to the FP (request {RequestId}); waiting for its acknowledge")]
    public static partial void HandshakeSent(ILogger logger, string requestId);

    [LoggerMessage(8, LogLevel.Information, "Handshake acknowledged by the FP (correlation {CorrelationId})")]
    public static partial void HandshakeAcknowledged(ILogger logger, string? correlationId);

    [LoggerMessage(9, LogLevel.Information, "Connection online: heartbeats to the FP every {IntervalSeconds} s")]
    public static partial void Online(ILogger logger, double intervalSeconds);

    [LoggerMessage(10, LogLevel.Information, "Heartbeat sent to the FP (offline_mode_at {OfflineModeAt:O})")]
    public static partial void HeartbeatSent(ILogger logger, DateTimeOffset offlineModeAt);

    [LoggerMessage(11, LogLevel.Information, "Heartbeat received from the FP (offline_mode_at {OfflineModeAt:O})")]
    public static partial void HeartbeatReceived(ILogger logger, DateTimeOffset offlineModeAt);

    [LoggerMessage(12, LogLevel.Information, "Forecast sent for {GroupId}: {Type}, {Blocks} blocks of {FirstKw} kW… from {Start:O} (request {RequestId})")]
    public static partial void ForecastSent(
        ILogger logger, string groupId, CapacityForecastType type, int blocks, double firstKw, DateTimeOffset start, string requestId);

    [LoggerMessage(13, LogLevel.Information, "Received {Kind} from the FP (request {RequestId})")]
    public static partial void Received(ILogger logger, OscpMessageKind kind, string? requestId);

    [LoggerMessage(14, LogLevel.Warning, "Sending {Kind} failed unexpectedly")]
    public static partial void SendCrashed(ILogger logger, OscpMessageKind kind, Exception exception);

    [LoggerMessage(15, LogLevel.Information, "Silent: {Silent} (answering every call with {AnswerStatus})")]
    public static partial void SilenceChanged(ILogger logger, bool silent, int? answerStatus);

    [LoggerMessage(16, LogLevel.Warning, "{Kind} to the FP not delivered: {Outcome}, status {Status}: {Error}")]
    public static partial void NotDelivered(ILogger logger, OscpMessageKind kind, OscpSendOutcome outcome, int? status, string? error);

    [LoggerMessage(17, LogLevel.Information, "Connection online: no heartbeats to the FP (it asked for none)")]
    public static partial void OnlineWithoutHeartbeats(ILogger logger);

    [LoggerMessage(18, LogLevel.Information, "{Summary}")]
    public static partial void ReportReceived(ILogger logger, string summary);

    [LoggerMessage(19, LogLevel.Information, "{Summary}")]
    public static partial void AdjustmentReceived(ILogger logger, string summary);

    [LoggerMessage(20, LogLevel.Information, "{Summary}")]
    public static partial void ComplianceErrorReceived(ILogger logger, string summary);

    [LoggerMessage(21, LogLevel.Warning, "Token refused to {ClientId}: {Reason}")]
    public static partial void TokenRequestRefused(ILogger logger, string clientId, string reason);

    [LoggerMessage(22, LogLevel.Information, "Register: {What}")]
    public static partial void RegisterSent(ILogger logger, string what);
}
