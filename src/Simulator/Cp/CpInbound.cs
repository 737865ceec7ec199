using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// <c>POST /oscp/cp/2.0/{message}</c>: checks a call as the configured CP would (<see cref="CpAdmission"/>), applies an
/// accepted one, answers, and records it once the answer is written. Calls are counted in flight by kind, and held
/// unanswered while a test asks for a slow CP. An accepted handshake is acknowledged
/// only after its 204 has gone out.
/// </summary>
internal sealed class CpInbound(
    CpSimulatorOptions options,
    CpAdmission admission,
    CpConnection connection,
    CpHeartbeatLedger heartbeats,
    CpHandshakes handshakes,
    CpHeartbeats beats,
    CpForecasts forecasts,
    CpScript script,
    CpInboundConcurrency concurrency,
    RecordLog<ReceivedMessage> received,
    RecordLog<SentMessage> sent,
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

    /// <summary>What both kinds of capacity provider receive.</summary>
    private static readonly OscpMessageKind[] Common =
    [
        OscpMessageKind.Handshake, OscpMessageKind.HandshakeAcknowledge, OscpMessageKind.Heartbeat,
        OscpMessageKind.UpdateAssetMeasurements, OscpMessageKind.AdjustGroupCapacityForecast, OscpMessageKind.GroupCapacityComplianceError,
    ];

    private static readonly IReadOnlySet<OscpMessageKind> VectorServed = new HashSet<OscpMessageKind>(Common);

    private static readonly IReadOnlySet<OscpMessageKind> OscpServed = new HashSet<OscpMessageKind>(Common) { OscpMessageKind.UpdateGroupMeasurements };

    /// <summary>
    /// The messages a capacity provider of <paramref name="profile"/> receives: Vector's EP.02–EP.07 (no
    /// <c>update_group_measurements</c>: Vector does not support it and hosts no such endpoint), or plain OSCP's, which
    /// add <c>update_group_measurements</c>. The simulator also takes <c>update_asset_measurements</c> in plain OSCP, as
    /// some CPs (SolarNetwork) do.
    /// </summary>
    public static IReadOnlySet<OscpMessageKind> ServedBy(PeerProfile profile) => profile == PeerProfile.Oscp ? OscpServed : VectorServed;

    /// <summary>Handles one call.</summary>
    public async Task HandleAsync(HttpContext context, string message)
    {
        if (!OscpMessageKinds.TryParsePath(message, out var kind))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var counted = concurrency.Enter(kind);
        // A slow CP (scripted): nothing is answered, nor recorded, until the test lets it go.
        await script.WaitWhileHeldAsync(kind, context.RequestAborted);
        var arrival = sequence.Next();
        var receivedAt = time.GetUtcNow();
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var requestIds = request.Headers["x-request-id"];
        var requestId = requestIds.Count == 0 ? null : string.Join(", ", requestIds.ToArray());
        var correlationId = request.Headers["x-correlation-id"].FirstOrDefault();

        // An OSCP message this CP has no endpoint for is a 404 before anything else, as an unknown path is; it is
        // still recorded, so a test sees the FP sent something it should not have.
        object? typed = null;
        CpVerdict verdict;
        if (!ServedBy(options.Profile).Contains(kind))
        {
            verdict = NotServed(kind);
        }
        else
        {
            var read = CpMessageReader.Read(kind, body, options.Profile);
            typed = read.Message;
            verdict = admission.Check(kind, request, read.Message, read.Result);
        }

        string? summary = null;
        if (verdict.Accepted) summary = Apply(kind, typed, requestId, correlationId);
        else CpSimulatorLog.Refused(logger, kind, requestId, verdict.Status, verdict.Reason);
        if (verdict.Accepted && kind == OscpMessageKind.HandshakeAcknowledge && options.SendOnAcknowledge)
            await SendBeforeAnsweringAsync(context.RequestAborted);

        var headers = RecordedHeaders
            .Where(h => request.Headers.ContainsKey(h))
            .ToDictionary(h => h, h => string.Join(", ", request.Headers[h].ToArray()), StringComparer.OrdinalIgnoreCase);
        var responseBody = verdict.Error is null ? null : OscpJson.Serialize(verdict.Error);
        context.Response.OnCompleted(() =>
        {
            var answeredAt = time.GetUtcNow();
            received.Add(new ReceivedMessage(
                arrival, kind, requestId, correlationId, headers, System.Text.Encoding.UTF8.GetString(body),
                verdict.Accepted ? typed : null, receivedAt, verdict.Status, responseBody, answeredAt, sequence.Next(), summary));
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

    // SendOnAcknowledge: the connection counts as up for this CP the moment the acknowledge correlates; it talks at once.
    private async Task SendBeforeAnsweringAsync(CancellationToken cancellationToken)
    {
        try
        {
            await beats.SendAsync(cancellationToken);
            if (options.Sites.Count > 0) await forecasts.SendAsync(new ForecastRequest(), cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Silenced meanwhile: send nothing, as silence asks.
        }
    }

    private CpVerdict NotServed(OscpMessageKind kind) =>
        kind == OscpMessageKind.UpdateGroupMeasurements && options.Profile == PeerProfile.Vector
            ? CpVerdict.Refuse(StatusCodes.Status404NotFound, "update_group_measurements is not supported by Vector (send update_asset_measurements)")
            : CpVerdict.Refuse(StatusCodes.Status404NotFound, $"a capacity provider does not receive {kind.Path()}");

    // Applies an accepted message; answers the one-line summary of a report, adjustment or compliance error (else null).
    private string? Apply(OscpMessageKind kind, object? message, string? requestId, string? correlationId)
    {
        switch (message)
        {
            case Handshake handshake:
                connection.HandshakeReceived(requestId!, handshake.RequiredBehaviour);
                CpSimulatorLog.HandshakeReceived(logger, requestId, handshake.RequiredBehaviour.HeartbeatInterval?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)");
                return null;
            case HandshakeAcknowledge:
                // Already matched to the outstanding handshake by the admission check.
                CpSimulatorLog.HandshakeAcknowledged(logger, correlationId);
                return null;
            case Heartbeat heartbeat:
                heartbeats.Received(heartbeat.OfflineModeAt);
                CpSimulatorLog.HeartbeatReceived(logger, heartbeat.OfflineModeAt);
                return null;
        }

        var summary = CpReceivedSummary.Describe(message, correlationId, ForecastGroup);
        switch (kind)
        {
            case OscpMessageKind.UpdateAssetMeasurements or OscpMessageKind.UpdateGroupMeasurements when summary is not null:
                CpSimulatorLog.ReportReceived(logger, summary);
                break;
            case OscpMessageKind.AdjustGroupCapacityForecast when summary is not null:
                CpSimulatorLog.AdjustmentReceived(logger, summary);
                break;
            case OscpMessageKind.GroupCapacityComplianceError when summary is not null:
                CpSimulatorLog.ComplianceErrorReceived(logger, summary);
                break;
            default:
                CpSimulatorLog.Received(logger, kind, requestId);
                break;
        }

        return summary;
    }

    // The site of a forecast the simulator delivered under this request id (what a compliance error correlates to).
    private string? ForecastGroup(string requestId) =>
        sent.Snapshot(s => s.Kind == OscpMessageKind.UpdateGroupCapacityForecast && s.RequestId == requestId).LastOrDefault()?.GroupId;

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
