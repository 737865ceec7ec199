namespace OscpFleet.Grains.Peers;

/// <summary>The state of one OSCP connection.</summary>
[GenerateSerializer]
public enum ConnectionState
{
    /// <summary>No connection: only handshakes and acknowledges may be sent or accepted.</summary>
    Offline = 0,

    /// <summary>A handshake is under way in either direction; still nothing else may be exchanged.</summary>
    Handshaking = 1,

    /// <summary>Handshake completed and heartbeats current: every message may flow.</summary>
    Online = 2,
}
