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

    [LoggerMessage(1208, LogLevel.Error, "Site {GroupId}: state could not be stored ({ExceptionType}); nothing was accepted")]
    private partial void LogStorageFailed(string groupId, string exceptionType);
}
