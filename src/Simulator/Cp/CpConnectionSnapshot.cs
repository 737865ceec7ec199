namespace OscpFleet.Simulator.Cp;

/// <summary>The simulator's OSCP connection with the FP at one instant.</summary>
/// <param name="State">Where the handshake stands.</param>
/// <param name="ConnectedAt">When the last handshake completed.</param>
/// <param name="OutstandingHandshakeRequestIds">Request ids of the simulator's handshake the FP may acknowledge (one per HTTP attempt).</param>
/// <param name="FpAskedHeartbeatIntervalSeconds">The interval the FP asked in its handshake or acknowledge; null when it asked none.</param>
/// <param name="HeartbeatIntervalSeconds">The interval the simulator heartbeats at (what the FP asked, else its own for vector); null when it sends none (oscp, the FP asked none).</param>
/// <param name="LastHeartbeatSentAt">When the FP last accepted a heartbeat from the simulator.</param>
/// <param name="LastHeartbeatReceivedAt">When the simulator last accepted a heartbeat from the FP.</param>
/// <param name="FpOfflineModeAt">The <c>offline_mode_at</c> of the FP's last heartbeat.</param>
/// <param name="FpOverdue">True when that instant has passed: Vector would consider the FP offline.</param>
/// <param name="LastError">Why the last handshake or acknowledge failed, if it did.</param>
public sealed record CpConnectionSnapshot(
    CpConnectionState State,
    DateTimeOffset? ConnectedAt,
    IReadOnlyList<string> OutstandingHandshakeRequestIds,
    int? FpAskedHeartbeatIntervalSeconds,
    int? HeartbeatIntervalSeconds,
    DateTimeOffset? LastHeartbeatSentAt,
    DateTimeOffset? LastHeartbeatReceivedAt,
    DateTimeOffset? FpOfflineModeAt,
    bool FpOverdue,
    string? LastError);
