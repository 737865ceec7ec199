using Microsoft.Extensions.Logging;

namespace OscpFleet.Hosting.Records;

/// <summary>Log messages of the record streams (journal, history) and their retention.</summary>
internal static partial class RecordLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "The {Stream} write buffer is full ({Capacity} entries): {Count} entries not kept since the last report (oscpfleet.{Stream}.dropped)")]
    public static partial void Dropped(ILogger logger, string stream, long count, int capacity);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Writing {Count} {Stream} entries of partition {Partition} failed ({ExceptionType}, status {Status}); they are lost (oscpfleet.{Stream}.write_failures)")]
    public static partial void WriteFailed(ILogger logger, string stream, int count, string partition, string exceptionType, int status);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "A {Stream} entry could not be turned into a table row ({ExceptionType}); it is lost (oscpfleet.{Stream}.write_failures)")]
    public static partial void ConvertFailed(ILogger logger, string stream, string exceptionType);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Shutting down with {Count} {Stream} entries not written")]
    public static partial void UnwrittenAtShutdown(ILogger logger, string stream, int count);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Retention removed {Count} {Stream} entries older than {Cutoff:O}")]
    public static partial void Removed(ILogger logger, string stream, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Warning, Message = "Retention of the {Stream} failed ({ExceptionType}, status {Status}); the next run tries again")]
    public static partial void RetentionFailed(ILogger logger, string stream, string exceptionType, int status);
}
