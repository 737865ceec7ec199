using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// <c>POST {WebhookPath}</c>: the limit webhook, checked in this order: down (503) → size (413) → signature and
/// timestamp (401) → a scripted answer → body (400) → site known (404) → newer than applied (else 2xx, ignored)
/// → applied, confirmation scheduled, 2xx. Recorded just before the answer is written.
/// </summary>
internal sealed class FleetWebhook(
    FleetSimulatorOptions options,
    FleetSites sites,
    FleetScript script,
    FleetConfirmations confirmations,
    RecordLog<ReceivedWebhook> received,
    EventSequence sequence,
    WebhookConcurrency concurrency,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    ILogger<FleetWebhook> logger)
{
    /// <summary>The largest body read: the product's own request limit (a document is a few hundred bytes per station).</summary>
    public const int MaxBodyBytes = 1 << 20;

    public async Task HandleAsync(HttpContext context)
    {
        using var counted = concurrency.Enter();
        // A slow CSMS (scripted): nothing is answered, nor recorded, until the test lets it go.
        await script.WaitWhileHeldAsync(context.RequestAborted);
        var arrival = sequence.Next();
        var receivedAt = time.GetUtcNow();
        var body = await ReadAsync(context.Request, context.RequestAborted);
        var verification = WebhookVerification.Of(
            Single(context.Request.Headers[WebhookSignature.TimestampHeader]),
            Single(context.Request.Headers[WebhookSignature.SignatureHeader]),
            body ?? [],
            options.WebhookSecrets,
            receivedAt,
            TimeSpan.FromSeconds(options.TimestampToleranceSeconds));
        string? readProblem = null;
        var document = body is null ? null : LimitDocumentReader.TryRead(body, out readProblem);

        var (status, outcome, problem, confirm) = Decide(body, verification, document, readProblem, receivedAt);
        received.Add(new ReceivedWebhook(
            arrival, receivedAt, document?.GroupId, document?.Version, document is null ? null : LimitDocumentReader.Name(document.Reason), document?.EmergencyStop,
            verification.SignatureValid, verification.TimestampFresh, status, outcome, problem, confirm,
            body ?? []));

        context.Response.StatusCode = status;
        if (problem is not null)
        {
            FleetSimulatorLog.WebhookRefused(logger, status, outcome, problem);
            await context.Response.WriteAsJsonAsync(new { message = problem }, context.RequestAborted);
        }
    }

    private (int Status, WebhookOutcome Outcome, string? Problem, bool Confirm) Decide(
        byte[]? body, WebhookVerification verification, LimitDocument? document, string? readProblem, DateTimeOffset now)
    {
        if (script.Down) return (StatusCodes.Status503ServiceUnavailable, WebhookOutcome.Down, "the CSMS is down (scripted)", false);
        if (body is null) return (StatusCodes.Status413PayloadTooLarge, WebhookOutcome.TooLarge, $"the body is over {MaxBodyBytes} bytes", false);
        if (!verification.Valid) return (StatusCodes.Status401Unauthorized, WebhookOutcome.Unauthorized, verification.Problem, false);
        var scripted = script.NextWebhookStatus();
        if (scripted is { } failure and not (>= 200 and < 300)) return (failure, WebhookOutcome.Scripted, $"scripted answer {failure}", false);
        if (document is null) return (StatusCodes.Status400BadRequest, WebhookOutcome.BadRequest, readProblem, false);
        if (sites.Find(document.GroupId) is not { } site)
            return (StatusCodes.Status404NotFound, WebhookOutcome.UnknownSite, $"the CSMS manages no site '{document.GroupId}'", false);

        var ok = scripted ?? StatusCodes.Status204NoContent;
        var previous = site.AppliedVersion;
        if (!site.TryApply(document, now))
        {
            FleetSimulatorLog.StaleIgnored(logger, document.Version, document.GroupId, previous);
            return (ok, WebhookOutcome.IgnoredStale, null, false);
        }

        var state = site.Snapshot(now);
        FleetSimulatorLog.LimitApplied(
            logger, document.Version, document.GroupId, LimitDocumentReader.Name(document.Reason), document.EmergencyStop ? ", EMERGENCY STOP" : "", state.DrawingKw,
            state.LimitKw is { } limit ? limit.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " kW" : "none");
        return (ok, WebhookOutcome.Applied, null, confirmations.Schedule(site, document.Version));
    }

    // Two headers of one name are not one signature: treated as none.
    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;

    // Null when the body is larger than MaxBodyBytes. A declared length is read into an array of that size.
    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
