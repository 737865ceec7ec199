namespace OscpFleet.Oscp.Limits;

/// <summary>OCPP 2.0.1 <c>SetChargingProfileRequest</c>, ready for the CSMS to send to one charging station.</summary>
/// <param name="EvseId">0: the profile applies to the charging station as a whole.</param>
/// <param name="ChargingProfile">The profile.</param>
public sealed record SetChargingProfileRequest(int EvseId, ChargingProfile ChargingProfile);
