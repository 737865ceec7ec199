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
        if (status >= 500) LogFailure(context.Request.Path, status, exception.GetType().Name, exception);
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

    [LoggerMessage(2001, LogLevel.Error, "{Path} failed with {Status} ({ExceptionType})")]
    private partial void LogFailure(PathString path, int status, string exceptionType, Exception exception);
}
