using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using OscpFleet.Gateway.Errors;

namespace OscpFleet.Gateway.Tests.Errors;

/// <summary>
/// What the gateway logs when it cannot answer: an outage (503, not acknowledged) is one warning line that names the
/// condition, without a stack trace; anything unexpected (500) is an error with the whole exception.
/// </summary>
public sealed class ExceptionHandlerLogTests
{
    [Fact]
    public async Task A_request_refused_for_a_lost_silo_is_one_warning_line_without_a_stack_trace()
    {
        var exception = Thrown(() => throw new OrleansException(
            "Exception while sending message: Unable to connect to endpoint S127.0.0.1:29873:155469766. See InnerException\nsecond line",
            Thrown(() => throw new InvalidOperationException("Unable to connect to 127.0.0.1:29873. Error: ConnectionRefused"))));

        var (status, retryAfter, lines) = await HandleAsync("/api/v1/sites/FLEET_00123", exception);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("5", retryAfter);
        var line = Assert.Single(lines);
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        Assert.Contains("/api/v1/sites/FLEET_00123 answered 503, not acknowledged: OrleansException ← InvalidOperationException: "
            + "Exception while sending message: Unable to connect to endpoint S127.0.0.1:29873:155469766. See InnerException", line, StringComparison.Ordinal);
        Assert.DoesNotContain("second line", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_failure_is_an_error_with_its_stack_trace()
    {
        var exception = Thrown(() => throw new InvalidOperationException("a bug"));

        var (status, _, lines) = await HandleAsync("/api/v1/sites/S1", exception);

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        var line = Assert.Single(lines);
        Assert.StartsWith("Error ", line, StringComparison.Ordinal);
        Assert.Contains(" at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_reason_is_shortened_without_cutting_a_character_in_two()
    {
        var message = new string('x', FleetExceptionHandler.ReasonMessageLength - 1) + "\U0001F50C and more";

        var reason = FleetExceptionHandler.Reason(new TimeoutException(message));

        Assert.Equal($"TimeoutException: {new string('x', FleetExceptionHandler.ReasonMessageLength - 1)}…", reason);
    }

    private static async Task<(int Status, string? RetryAfter, IReadOnlyList<string> Lines)> HandleAsync(string path, Exception exception)
    {
        var sink = new LogSink();
        var services = new ServiceCollection()
            .AddLogging(l => l.AddProvider(sink))
            .AddProblemDetails()
            .BuildServiceProvider();
        await using var _ = services;
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        var handler = new FleetExceptionHandler(services.GetRequiredService<ILogger<FleetExceptionHandler>>(), services.GetRequiredService<IProblemDetailsService>());

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString(), [.. sink.Lines.Where(l => l.Contains(nameof(FleetExceptionHandler), StringComparison.Ordinal))]);
    }

    private static Exception Thrown(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }
        throw new InvalidOperationException("nothing thrown");
    }
}
