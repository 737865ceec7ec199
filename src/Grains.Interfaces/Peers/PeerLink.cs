namespace OscpFleet.Grains.Peers;

/// <summary>What a site needs to know of its peer's connection.</summary>
/// <param name="Online">Messages may flow (the outbox sends only then).</param>
/// <param name="LimitsLost">
/// The connection counts as lost for limits: the site's limit is then never above its fallback (see
/// <c>ConnectionRules.LimitsLost</c>). Not simply "not Online": a routine re-handshake leaves it false.
/// </param>
[GenerateSerializer, Immutable, Alias("OscpFleet.PeerLink")]
public sealed record PeerLink([property: Id(0)] bool Online, [property: Id(1)] bool LimitsLost)
{
    /// <summary>A connection that is down (or a peer that is not configured).</summary>
    public static PeerLink Down { get; } = new(false, true);
}
