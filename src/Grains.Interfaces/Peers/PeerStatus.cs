namespace OscpFleet.Grains.Peers;

/// <summary>What the operator sees of one connection (<c>GET /api/v1/peers/{peerId}</c>).</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.PeerStatus")]
public sealed record PeerStatus
{
    /// <summary>The peer id.</summary>
    [Id(0)] public required string PeerId { get; init; }

    /// <summary>vector or oscp.</summary>
    [Id(1)] public required string Profile { get; init; }

    /// <summary>Offline, Handshaking or Online.</summary>
    [Id(2)] public ConnectionState State { get; init; }

    /// <summary>Since when the connection has been in <see cref="State"/>.</summary>
    [Id(3)] public DateTimeOffset? StateSince { get; init; }

    /// <summary>Why the connection last went offline.</summary>
    [Id(4)] public string? OfflineReason { get; init; }

    /// <summary>The heartbeat interval the CP asked of us, in seconds (null: none asked).</summary>
    [Id(5)] public int? TheyAskedHeartbeatSeconds { get; init; }

    /// <summary>The measurement configuration the CP asked of us.</summary>
    [Id(6)] public IReadOnlyList<string> TheyAskedMeasurementConfiguration { get; init; } = [];

    /// <summary>The heartbeat interval we ask of the CP, in seconds.</summary>
    [Id(7)] public int WeAskedHeartbeatSeconds { get; init; }

    /// <summary>The interval we actually send heartbeats at (null: we send none).</summary>
    [Id(8)] public int? OurHeartbeatSeconds { get; init; }

    /// <summary>The CP's latest <c>offline_mode_at</c> (or our deadline for its first heartbeat).</summary>
    [Id(9)] public DateTimeOffset? TheirOfflineModeAt { get; init; }

    /// <summary>When the CP's last heartbeat arrived.</summary>
    [Id(10)] public DateTimeOffset? LastHeartbeatReceivedAt { get; init; }

    /// <summary>When our last heartbeat was accepted by the CP.</summary>
    [Id(11)] public DateTimeOffset? LastHeartbeatSentAt { get; init; }

    /// <summary>When the next outbound handshake attempt is due (while offline).</summary>
    [Id(12)] public DateTimeOffset? NextHandshakeAt { get; init; }

    /// <summary>The last failure talking to the CP (status and reason; never a secret).</summary>
    [Id(13)] public string? LastError { get; init; }

    /// <summary>True when the CP rejected our credentials even after a token refresh.</summary>
    [Id(14)] public bool CredentialsRejected { get; init; }

    /// <summary>Counters since the grain's state was created.</summary>
    [Id(15)] public PeerCounters Counters { get; init; } = new();

    /// <summary>
    /// The connection counts as lost for the sites' limits (Offline, or the CP's <c>offline_mode_at</c> passed; stays so
    /// until the next handshake completes): every site's limit is then at most its fallback.
    /// </summary>
    [Id(16)] public bool LimitsLost { get; init; }

    /// <summary>
    /// Our acknowledge of the CP's handshake is on its way: the CP may count the connection up already, so its
    /// messages are taken as if Online.
    /// </summary>
    [Id(17)] public bool AcknowledgeInFlight { get; init; }

    /// <summary>False for a CP whose silence never takes the connection Offline (<c>ExpectHeartbeats=false</c>).</summary>
    [Id(18)] public bool ExpectHeartbeats { get; init; } = true;

    /// <summary>
    /// The <c>offline_mode_at</c> of our last heartbeat the CP accepted (before one was, of our first attempt): once it
    /// passes with none accepted, we go Offline and handshake again.
    /// </summary>
    [Id(19)] public DateTimeOffset? OurOfflineModeAt { get; init; }

    /// <summary>The CP's messages are taken: Online, or our acknowledge of its handshake is on its way.</summary>
    public bool AcceptsMessages => State == ConnectionState.Online || AcknowledgeInFlight;

    /// <summary>OSCP 2.0 Register of a peer that uses it (null for one that does not): state, since when, last error, last rotation.</summary>
    [Id(20)] public RegistrationView? Registration { get; init; }
}
