namespace OscpFleet.Grains.Peers;

/// <summary>Running totals of one connection's traffic, persisted with its state.</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.PeerCounters")]
public sealed record PeerCounters
{
    /// <summary>Handshakes we sent that the CP accepted.</summary>
    [Id(0)] public long HandshakesSent { get; init; }

    /// <summary>Handshakes the CP sent us.</summary>
    [Id(1)] public long HandshakesReceived { get; init; }

    /// <summary>Handshakes and acknowledges we failed to deliver.</summary>
    [Id(2)] public long HandshakesFailed { get; init; }

    /// <summary>Heartbeats the CP accepted.</summary>
    [Id(3)] public long HeartbeatsSent { get; init; }

    /// <summary>Heartbeats the CP sent us.</summary>
    [Id(4)] public long HeartbeatsReceived { get; init; }

    /// <summary>Heartbeats we failed to deliver.</summary>
    [Id(5)] public long HeartbeatsFailed { get; init; }

    /// <summary>Times the connection went Offline (silence, "not connected", a refused acknowledge, ...): the flaps.</summary>
    [Id(6)] public long WentOffline { get; init; }
}
