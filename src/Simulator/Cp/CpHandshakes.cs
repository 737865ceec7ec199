using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>Both halves of the handshake as Vector plays them: starting one, and acknowledging the FP's.</summary>
internal sealed class CpHandshakes(CpOutbound outbound, CpConnection connection, CpSimulatorOptions options, ILogger<CpHandshakes> logger)
{
    /// <summary>
    /// What the simulator asks of the FP: heartbeats at its configured interval (or none) and the kinds of energy
    /// readings it wants (<c>measurement_configuration</c>, omitted when it states no preference).
    /// </summary>
    public RequiredBehaviour Asked => new(
        options.RequiredHeartbeatIntervalSeconds > 0 ? options.RequiredHeartbeatIntervalSeconds : null,
        options.RequiredMeasurementConfiguration.Count > 0 ? [.. options.RequiredMeasurementConfiguration] : null);

    /// <summary>True when the simulator asks the FP for anything at all (heartbeats or kinds of readings).</summary>
    public bool AsksAnything => options.RequiredHeartbeatIntervalSeconds > 0 || options.RequiredMeasurementConfiguration.Count > 0;

    /// <summary>Sends a handshake; the connection comes online when the FP's acknowledge correlates to it.</summary>
    public async Task<SentMessage> StartAsync(CancellationToken cancellationToken)
    {
        outbound.EnsureNotSilent();
        connection.HandshakeStarting();
        var sent = await outbound.SendAsync(
            new Handshake(Asked),
            settle: s =>
            {
                if (s.Delivered) CpSimulatorLog.HandshakeSent(logger, s.RequestId);
                else connection.HandshakeFailed(s.Error ?? $"handshake answered {s.StatusCode}");
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return sent;
    }

    /// <summary>
    /// Acknowledges the FP's handshake <paramref name="handshakeRequestId"/>, answered 204 at
    /// <paramref name="answeredAt"/>; the connection comes online when the FP accepts the acknowledge.
    /// </summary>
    public async Task<SentMessage> AcknowledgeAsync(string handshakeRequestId, DateTimeOffset answeredAt, CancellationToken cancellationToken)
    {
        // Only a wish (heartbeats, kinds of readings) is worth an acknowledge body; otherwise "{}" as ELMO and others expect.
        var acknowledge = new HandshakeAcknowledge(AsksAnything ? Asked : null);
        var sent = await outbound.SendAsync(
            acknowledge,
            correlationId: handshakeRequestId,
            replyToAnsweredAt: answeredAt,
            settle: s =>
            {
                if (s.Delivered) CpSimulatorLog.AcknowledgeSent(logger, handshakeRequestId);
                connection.AcknowledgeSent(handshakeRequestId, s.Delivered, s.Error);
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return sent;
    }
}
