using Microsoft.AspNetCore.Diagnostics;
using OscpFleet.Gateway.Oscp;

namespace OscpFleet.Gateway.Errors;

/// <summary>
/// Turns failures into answers that name the problem without a stack trace: an unreachable cluster or storage is 503
/// ("not acknowledged, retry": the outcome of a write cut off by the outage is unknown, and retrying the same message is safe), a body over the limit 413, anything else 500. OSCP endpoints get
/// <c>{"message"}</c>, our API ProblemDetails.
/// </summary>
internal sealed partial class FleetExceptionHandler(ILogger<FleetExceptionHandler> logger, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, message) = Classify(exception);
        if (status == StatusCodes.Status503ServiceUnavailable) LogUnavailable(context.Request.Path, Reason(exception));
        else if (status >= 500) LogFailure(context.Request.Path, status, exception.GetType().Name, exception);
        context.Response.StatusCode = status;
        // Not acknowledged: a CP or CSMS retries (a silo failover or a storage blip passes within seconds).
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "5";
        if (context.Request.Path.StartsWithSegments(OscpEndpoints.BasePath))
        {
            await OscpResponses.Error(status, message).ExecuteAsync(context);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = message },
        });
    }

    private static (int Status, string Message) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request body too large" : "bad request"),
        _ when IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "service unavailable: not acknowledged, retry later (retrying the same message is safe)"),
        _ => (StatusCodes.Status500InternalServerError, "internal error"),
    };

    private static bool IsUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is OscpFleet.Grains.StorageUnavailableException or OrleansException or TimeoutException or Azure.RequestFailedException or OperationCanceledException)
                return true;
        }
        return false;
    }

    /// <summary>The longest first line of an exception's message a 503's log line keeps.</summary>
    internal const int ReasonMessageLength = 200;

    /// <summary>
    /// Why a request was not acknowledged, in one line: the chain of exception types (outermost first) and the first line
    /// of the outermost message, shortened. A known outage condition (a silo gone, storage down, a timeout) needs no
    /// stack trace: thousands of them during a failover would bury the log, and rendering each one (every frame's file
    /// and line looked up) is work the gateway does while the cluster recovers.
    /// </summary>
    internal static string Reason(Exception exception)
    {
        var types = new List<string>();
        for (var e = exception; e is not null && types.Count < 5; e = e.InnerException) types.Add(e.GetType().Name);
        var line = exception.Message.Split('\n', 2)[0].Trim();
        if (line.Length > ReasonMessageLength)
        {
            var cut = char.IsHighSurrogate(line[ReasonMessageLength - 1]) ? ReasonMessageLength - 1 : ReasonMessageLength;
            line = line[..cut] + "…";
        }
        return $"{string.Join(" ← ", types)}: {line}";
    }

    [LoggerMessage(2001, LogLevel.Error, "{Path} failed with {Status} ({ExceptionType})")]
    private partial void LogFailure(PathString path, int status, string exceptionType, Exception exception);

    [LoggerMessage(2002, LogLevel.Warning, "{Path} answered 503, not acknowledged: {Reason}")]
    private partial void LogUnavailable(PathString path, string reason);
}
