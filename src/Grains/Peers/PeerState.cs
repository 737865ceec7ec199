using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Connection;
using OscpFleet.Oscp.Retry;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// The persisted state of one connection (JSON in Azure Table Storage, see docs/decisions.md). The transitions live
/// here so the grain only orchestrates I/O.
/// </summary>
public sealed class PeerState
{
    /// <summary>Version of this shape; bump it and migrate in <see cref="PeerGrain"/> when it changes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Shape version of the stored data.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>Offline, Handshaking or Online.</summary>
    public ConnectionState State { get; set; } = ConnectionState.Offline;

    /// <summary>Since when the connection has been in <see cref="State"/>.</summary>
    public DateTimeOffset? StateSince { get; set; }

    /// <summary>Why the connection last went offline.</summary>
    public string? OfflineReason { get; set; }

    /// <summary>Heartbeat interval the CP asked of us.</summary>
    public int? TheyAskedHeartbeatSeconds { get; set; }

    /// <summary>Measurement configuration the CP asked of us (wire values).</summary>
    public List<string> TheyAskedMeasurementConfiguration { get; set; } = [];

    /// <summary>The CP's latest offline_mode_at, or our deadline for its first heartbeat.</summary>
    public DateTimeOffset? TheirOfflineModeAt { get; set; }

    /// <summary>When the CP's last heartbeat arrived.</summary>
    public DateTimeOffset? LastHeartbeatReceivedAt { get; set; }

    /// <summary>When the CP last accepted a heartbeat of ours.</summary>
    public DateTimeOffset? LastHeartbeatSentAt { get; set; }

    /// <summary>
    /// The <c>offline_mode_at</c> of our last heartbeat the CP accepted on this connection (before one was accepted, of
    /// our first attempt): once it passes with none accepted, the CP considers us offline
    /// (<see cref="ConnectionRules.TheyThinkWeAreOffline"/>). Null while we send no heartbeats.
    /// </summary>
    public DateTimeOffset? OurOfflineModeAt { get; set; }

    /// <summary>A heartbeat of ours was not accepted since the last one that was (on this connection).</summary>
    public bool OurHeartbeatFailing { get; set; }

    /// <summary>When our next heartbeat is due.</summary>
    public DateTimeOffset? NextHeartbeatAt { get; set; }

    /// <summary>Request id of a CP handshake we still have to acknowledge.</summary>
    public string? PendingAcknowledgeFor { get; set; }

    /// <summary>When that handshake arrived; the timer only sends its acknowledge once the gateway had time to answer 204.</summary>
    public DateTimeOffset? PendingAcknowledgeSince { get; set; }

    /// <summary>Request id of our handshake the CP accepted and has yet to acknowledge.</summary>
    public string? OutstandingHandshakeRequestId { get; set; }

    /// <summary>When that handshake was accepted.</summary>
    public DateTimeOffset? OutstandingHandshakeSentAt { get; set; }

    /// <summary>Failed outbound attempts since the connection was last Online (drives the back-off).</summary>
    public int HandshakeAttempts { get; set; }

    /// <summary>When the next outbound handshake is due while Offline.</summary>
    public DateTimeOffset? NextHandshakeAt { get; set; }

    /// <summary>Last failure talking to the CP.</summary>
    public string? LastError { get; set; }

    /// <summary>The CP rejected our credentials even after a token refresh.</summary>
    public bool CredentialsRejected { get; set; }

    /// <summary>
    /// The connection counts as lost for the sites' limits (<see cref="ConnectionRules.LimitsLost"/>). True when absent
    /// from stored data: the safe side until the next handshake completes.
    /// </summary>
    public bool LimitsLost { get; set; } = true;

    /// <summary>Traffic totals.</summary>
    public PeerCounters Counters { get; set; } = new();

    /// <summary>
    /// The handshake completed: every message may flow; the CP's first heartbeat is due by the allowance of
    /// <see cref="ConnectionRules.FirstHeartbeatDeadline"/> unless <paramref name="heardOfflineModeAt"/> (a heartbeat
    /// the CP sent while our acknowledge was on its way) already says when.
    /// </summary>
    public void GoOnline(DateTimeOffset now, int weAskedHeartbeatSeconds, int firstHeartbeatGraceSeconds, DateTimeOffset? heardOfflineModeAt = null)
    {
        State = ConnectionState.Online;
        StateSince = now;
        OfflineReason = null;
        LimitsLost = false;
        HandshakeAttempts = 0;
        NextHandshakeAt = null;
        OutstandingHandshakeRequestId = null;
        OutstandingHandshakeSentAt = null;
        TheirOfflineModeAt = heardOfflineModeAt ?? ConnectionRules.FirstHeartbeatDeadline(now, weAskedHeartbeatSeconds, firstHeartbeatGraceSeconds);
        OurOfflineModeAt = null;
        OurHeartbeatFailing = false;
        NextHeartbeatAt = now;
    }

    /// <summary>The connection is lost: nothing but handshakes until a new one completes; the first attempt is due at once.</summary>
    public void GoOffline(DateTimeOffset now, string reason)
    {
        State = ConnectionState.Offline;
        StateSince = now;
        OfflineReason = reason;
        Counters = Counters with { WentOffline = Counters.WentOffline + 1 };
        LimitsLost = true;
        OutstandingHandshakeRequestId = null;
        OutstandingHandshakeSentAt = null;
        NextHeartbeatAt = null;
        OurOfflineModeAt = null;
        OurHeartbeatFailing = false;
        HandshakeAttempts = 0;
        NextHandshakeAt = now;
    }

    /// <summary>An outbound handshake attempt failed: stay Offline and retry after a capped, jittered back-off.</summary>
    public void HandshakeFailed(DateTimeOffset now, string error, double jitter)
    {
        State = ConnectionState.Offline;
        StateSince ??= now;
        LimitsLost = true;
        OutstandingHandshakeRequestId = null;
        OutstandingHandshakeSentAt = null;
        HandshakeAttempts++;
        NextHandshakeAt = now + Backoff.Handshake.Delay(HandshakeAttempts, jitter);
        LastError = error;
        Counters = Counters with { HandshakesFailed = Counters.HandshakesFailed + 1 };
    }
}
