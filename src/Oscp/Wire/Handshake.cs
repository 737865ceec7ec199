namespace OscpFleet.Oscp.Wire;

/// <summary>
/// OSCP 2.0 Handshake: the initiator's <see cref="RequiredBehaviour"/>. Read from the wrapped
/// <c>{"required_behaviour":{…}}</c> or the flat shape (fields at top level); always written wrapped.
/// A body carrying neither reads as an empty behaviour (nothing required).
/// </summary>
public sealed record Handshake(RequiredBehaviour RequiredBehaviour);
