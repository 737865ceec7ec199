using Orleans.Concurrency;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// One OSCP connection to a capacity provider (key: the peer id, e.g. <c>vector_test</c>). Owns the connection
/// state, the handshakes both ways and the heartbeats both ways.
/// </summary>
[Alias("OscpFleet.IPeerGrain")]
public interface IPeerGrain : IGrainWithStringKey
{
    /// <summary>
    /// The CP sent a handshake: stores what it asks of us and schedules our acknowledge. The gateway answers 204 and
    /// then calls <see cref="SendPendingAcknowledgeAsync"/>, so the acknowledge follows the 204.
    /// </summary>
    [Alias("ReceiveHandshake")]
    Task ReceiveHandshakeAsync(string requestId, RequiredBehaviour behaviour);

    /// <summary>Sends the acknowledge of the handshake <paramref name="handshakeRequestId"/> if it is still pending.</summary>
    [Alias("SendPendingAcknowledge")]
    Task SendPendingAcknowledgeAsync(string handshakeRequestId);

    /// <summary>The CP acknowledged a handshake of ours (<paramref name="correlationId"/> = our handshake's request id).</summary>
    [Alias("ReceiveHandshakeAcknowledge")]
    Task<InboundOutcome> ReceiveHandshakeAcknowledgeAsync(string correlationId, RequiredBehaviour? behaviour);

    /// <summary>The CP sent a heartbeat; refused unless Online (a heartbeat never brings a connection back).</summary>
    [Alias("ReceiveHeartbeat")]
    Task<InboundOutcome> ReceiveHeartbeatAsync(DateTimeOffset offlineModeAt);

    /// <summary>
    /// A site's message was answered with one of the peer's "not connected" statuses: the CP wants a handshake first,
    /// so the connection goes Offline (and its sites to their fallback limits) until a new handshake completes.
    /// </summary>
    [Alias("ReportNotConnected")]
    Task ReportNotConnectedAsync(string reason);

    /// <summary>
    /// A site's message was refused with 401 even after a token refresh: the peer's credentials are flagged for the
    /// operator (the message stays queued and is retried with back-off).
    /// </summary>
    [Alias("ReportCredentialsRejected")]
    Task ReportCredentialsRejectedAsync(string error);

    /// <summary>Starts an outbound handshake now (operator request), whatever the state.</summary>
    [Alias("StartHandshake")]
    Task<PeerStatus> StartHandshakeAsync();

    /// <summary>The connection as the operator sees it.</summary>
    /// <remarks>
    /// Interleaves: it only reads state, and turns interleave only at awaits, so it never sees a half-made change; the
    /// connection gate must not wait behind a slow outbound call.
    /// </remarks>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<PeerStatus> GetStatusAsync();

    /// <summary>
    /// The connection gate's question alone: are the CP's messages taken now (<see cref="PeerStatus.AcceptsMessages"/>)?
    /// Asked on every OSCP message, so it answers one flag instead of the whole status.
    /// </summary>
    /// <remarks>Interleaves, as <see cref="GetStatusAsync"/> does, for the same reasons.</remarks>
    [Alias("AcceptsMessages"), AlwaysInterleave]
    Task<bool> AcceptsMessagesAsync();

    /// <summary>Does whatever is due now: our heartbeat, the offline watch, a handshake retry, a pending acknowledge. Timers call it.</summary>
    [Alias("Tick")]
    Task TickAsync();

    /// <summary>
    /// Registration (OSCP 2.0 Register) changed: from now on call the CP at <paramref name="endpoint"/>; null: not
    /// registered, so no handshake. Called by <see cref="IPeerRegistrationGrain"/>.
    /// </summary>
    [Alias("UseRegistration")]
    Task UseRegistrationAsync(RegisteredEndpoint? endpoint);

    /// <summary>The CP unregistered: the connection goes Offline at once and we stop calling it. Called by <see cref="IPeerRegistrationGrain"/>.</summary>
    [Alias("Unregistered")]
    Task UnregisteredAsync();

    /// <summary>Makes sure the grain is running its keep-alive reminder and timers (called at silo start).</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunningAsync();
}
