using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// <c>POST /oscp/cp/2.0/{message}</c>: checks a call as the configured CP would (<see cref="CpAdmission"/>), applies an
/// accepted one, answers, and records it once the answer is written. An accepted handshake is acknowledged
/// only after its 204 has gone out.
/// </summary>
internal sealed class CpInbound(
    CpSimulatorOptions options,
    CpAdmission admission,
    CpConnection connection,
    CpHeartbeatLedger heartbeats,
    CpHandshakes handshakes,
    CpScript script,
    RecordLog<ReceivedMessage> received,
    EventSequence sequence,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<CpInbound> logger)
{
    /// <summary>The route of every CP endpoint.</summary>
    public const string Route = "/oscp/cp/2.0/{message}";

    /// <summary>The headers kept in a <see cref="ReceivedMessage"/>; never <c>Authorization</c>.</summary>
    public static readonly IReadOnlyList<string> RecordedHeaders =
        ["content-type", "fp-id", "apikey", "x-access-token", "x-request-id", "x-correlation-id", "x-segment-index", "x-segment-count", "user-agent"];

    /// <summary>The messages a capacity provider receives.</summary>
    public static readonly IReadOnlySet<OscpMessageKind> Served = new HashSet<OscpMessageKind>
    {
        OscpMessageKind.Handshake, OscpMessageKind.HandshakeAcknowledge, OscpMessageKind.Heartbeat,
        OscpMessageKind.UpdateAssetMeasurements, OscpMessageKind.AdjustGroupCapacityForecast, OscpMessageKind.GroupCapacityComplianceError,
    };

    /// <summary>Handles one call.</summary>
    public async Task HandleAsync(HttpContext context, string message)
    {
        if (!OscpMessageKinds.TryParsePath(message, out var kind) || !Served.Contains(kind))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var arrival = sequence.Next();
        var receivedAt = time.GetUtcNow();
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var requestIds = request.Headers["x-request-id"];
        var requestId = requestIds.Count == 0 ? null : string.Join(", ", requestIds.ToArray());
        var correlationId = request.Headers["x-correlation-id"].FirstOrDefault();
        var read = CpMessageReader.Read(kind, body, options.Profile);

        var verdict = admission.Check(kind, request, read.Message, read.Result);
        if (verdict.Accepted) Apply(kind, read.Message, requestId, correlationId);
        else CpSimulatorLog.Refused(logger, kind, requestId, verdict.Status, verdict.Reason);

        var headers = RecordedHeaders
            .Where(h => request.Headers.ContainsKey(h))
            .ToDictionary(h => h, h => string.Join(", ", request.Headers[h].ToArray()), StringComparer.OrdinalIgnoreCase);
        var responseBody = verdict.Error is null ? null : OscpJson.Serialize(verdict.Error);
        context.Response.OnCompleted(() =>
        {
            var answeredAt = time.GetUtcNow();
            received.Add(new ReceivedMessage(
                arrival, kind, requestId, correlationId, headers, System.Text.Encoding.UTF8.GetString(body),
                verdict.Accepted ? read.Message : null, receivedAt, verdict.Status, responseBody, answeredAt, sequence.Next()));
            if (!verdict.Accepted) return Task.CompletedTask;
            // Both follow-ups wait for this answer to be out, as Vector's "204 first" requires.
            if (kind == OscpMessageKind.Handshake) _ = AcknowledgeInBackgroundAsync(requestId!, answeredAt);
            if (kind == OscpMessageKind.HandshakeAcknowledge) connection.AnnounceOnline();
            return Task.CompletedTask;
        });

        context.Response.StatusCode = verdict.Status;
        if (verdict.WwwAuthenticate is { } challenge) context.Response.Headers.WWWAuthenticate = challenge;
        if (responseBody is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(responseBody, context.RequestAborted);
        }
    }

    private void Apply(OscpMessageKind kind, object? message, string? requestId, string? correlationId)
    {
        switch (message)
        {
            case Handshake handshake:
                connection.HandshakeReceived(requestId!, handshake.RequiredBehaviour);
                CpSimulatorLog.HandshakeReceived(logger, requestId, handshake.RequiredBehaviour.HeartbeatInterval?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)");
                break;
            case HandshakeAcknowledge:
                // Already matched to the outstanding handshake by the admission check.
                CpSimulatorLog.HandshakeAcknowledged(logger, correlationId);
                break;
            case Heartbeat heartbeat:
                heartbeats.Received(heartbeat.OfflineModeAt);
                CpSimulatorLog.HeartbeatReceived(logger, heartbeat.OfflineModeAt);
                break;
            default:
                CpSimulatorLog.Received(logger, kind, requestId);
                break;
        }
    }

    private async Task AcknowledgeInBackgroundAsync(string handshakeRequestId, DateTimeOffset answeredAt)
    {
        try
        {
            // Silence means no acknowledge either: the FP's handshake then times out, as with a dead CP.
            if (script.Silent) return;
            await handshakes.AcknowledgeAsync(handshakeRequestId, answeredAt, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (InvalidOperationException)
        {
            // Went silent meanwhile.
        }
        catch (Exception e)
        {
            CpSimulatorLog.SendCrashed(logger, OscpMessageKind.HandshakeAcknowledge, e);
        }
    }
}
