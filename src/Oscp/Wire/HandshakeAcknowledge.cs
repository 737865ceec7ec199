namespace OscpFleet.Oscp.Wire;

/// <summary>
/// OSCP 2.0 HandshakeAcknowledge, sent back with <c>X-Correlation-ID</c> = the Handshake's request id;
/// optionally what the acknowledger wants from the initiator. Read wrapped or flat; written wrapped,
/// or as <c>{}</c> when <see cref="RequiredBehaviour"/> is null.
/// </summary>
public sealed record HandshakeAcknowledge(RequiredBehaviour? RequiredBehaviour = null);
