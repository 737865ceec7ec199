namespace OscpFleet.Grains.Peers;

/// <summary>What the peer grain made of an inbound message; the gateway turns it into an HTTP status.</summary>
[GenerateSerializer]
public enum InboundOutcome
{
    /// <summary>Accepted and persisted: answer 204.</summary>
    Accepted = 0,

    /// <summary>The connection is not established: answer 409, handshake first.</summary>
    NotConnected = 1,

    /// <summary>An acknowledge whose X-Correlation-ID matches no handshake of ours: answer 400.</summary>
    UnknownCorrelation = 2,
}
