using System.Buffers;
using System.Diagnostics;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains;
using OscpFleet.Oscp.Journal;

namespace OscpFleet.Gateway.Oscp;

/// <summary>
/// Records every OSCP request an authenticated peer makes to <c>/oscp/fp/2.0</c> (register included) in the message
/// journal: time, peer, message (the last path segment), <c>X-Request-ID</c>, <c>X-Correlation-ID</c>, our status,
/// latency and the first <see cref="JournalBodies.MaxBodyBytes"/> bytes of the body — never a header beyond those two.
/// It only copies bytes and hands them to the journal's buffer: redaction and storage happen in the background, and a
/// journal that cannot keep up counts its drops instead of slowing or failing the request. A request refused before
/// authentication (no peer known) is not journaled; the authentication metrics count it.
/// </summary>
internal sealed class InboundJournal(RequestDelegate next, IOscpMessageJournal journal, [FromKeyedServices(FleetClock.Key)] TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var peerId = context.User.GetPeerId() ?? context.User.GetBootstrapPeerId();
        if (peerId is null)
        {
            await next(context);
            return;
        }

        var at = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var (body, truncated) = await ReadHeadAsync(context);
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            var path = context.Request.Path.Value ?? "";
            journal.Record(new OscpJournalEntry(
                at,
                JournalDirections.In,
                peerId,
                null,
                path[(path.LastIndexOf('/') + 1)..],
                Header(context, OscpHeaders.RequestId),
                Header(context, OscpHeaders.CorrelationId),
                status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                body,
                truncated));
        }
    }

    /// <summary>The first bytes of the body, the stream rewound for the endpoint (buffered: the body is read whole by it anyway).</summary>
    private static async Task<(byte[] Body, bool Truncated)> ReadHeadAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength == 0) return ([], false);
        request.EnableBuffering();
        // A rented buffer: the journal keeps only the right-sized copy below (a forecast is ~11 KB, the cap 16 KiB).
        var head = ArrayPool<byte>.Shared.Rent(JournalBodies.MaxBodyBytes + 1);
        try
        {
            var read = 0;
            try
            {
                int n;
                while (read <= JournalBodies.MaxBodyBytes
                    && (n = await request.Body.ReadAsync(head.AsMemory(read, JournalBodies.MaxBodyBytes + 1 - read), context.RequestAborted)) > 0)
                {
                    read += n;
                }
            }
            catch (BadHttpRequestException)
            {
                // Too large or cut off: the endpoint meets the same error and answers it.
            }

            request.Body.Position = 0;
            var truncated = read > JournalBodies.MaxBodyBytes;
            return (head.AsSpan(0, Math.Min(read, JournalBodies.MaxBodyBytes)).ToArray(), truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private static string? Header(HttpContext context, string name) =>
        context.Request.Headers[name] is { Count: > 0 } values ? values[0] : null;
}

/// <summary>Adds <see cref="InboundJournal"/> for the OSCP paths.</summary>
public static class InboundJournalExtensions
{
    /// <summary>Journals the requests under <see cref="OscpEndpoints.BasePath"/> (after authentication and authorization).</summary>
    public static IApplicationBuilder UseInboundJournal(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(OscpEndpoints.BasePath), b => b.UseMiddleware<InboundJournal>());
}
