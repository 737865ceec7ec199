namespace OscpFleet.Oscp.Wire;

/// <summary>
/// What the sender of a Handshake (or HandshakeAcknowledge) wants from the receiver:
/// heartbeats every <see cref="HeartbeatInterval"/> seconds (absent: none wanted) and which kind(s)
/// of energy readings (<c>[]</c> or absent: no preference).
/// </summary>
public sealed record RequiredBehaviour(
    int? HeartbeatInterval = null,
    IReadOnlyList<MeasurementConfiguration>? MeasurementConfiguration = null);
